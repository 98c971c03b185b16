/** English for the image hub's banner while the registry cannot be reached; en.ts spreads it in. */
export const registryStatusEn = {
  registryStatus: {
    downTitle: "The image registry is not reachable right now",
    downBody:
      "Pushing, pulling and deleting tags will fail until it is back; workloads already running are not affected. What you see here is what Apiary last knew, so recent pushes may be missing.",
    lastReachable: "Last reachable {when}.",
    neverReachable: "Apiary has not reached it since this server started.",
  },
};
