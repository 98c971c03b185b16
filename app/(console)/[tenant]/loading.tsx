import { RouteLoading } from "@/components/layout/route-loading";

export default function TenantLoading() {
  return <RouteLoading />;
}
