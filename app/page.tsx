import { redirect } from "next/navigation";

/**
 * There is no landing page yet: everyone starts at sign-in. Once sessions exist (tenancy
 * release) this should send signed-in users to their tenant instead.
 */
export default function RootPage() {
  redirect("/sign-in");
}
