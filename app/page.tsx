import { redirect } from "next/navigation";

/**
 * There is no landing page yet: everyone starts at sign-in, which sends a visitor who is already
 * signed in on to their first tenant (the session cookie is HttpOnly, so the browser asks who-am-i).
 */
export default function RootPage() {
  redirect("/sign-in");
}
