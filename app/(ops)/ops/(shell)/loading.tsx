import { RouteLoading } from "@/components/layout/route-loading";

export default function OpsLoading() {
  return <RouteLoading />;
}
