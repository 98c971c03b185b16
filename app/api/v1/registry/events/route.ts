import { registryEventsOperation } from "@/lib/contracts/images";
import { routeWith } from "@/lib/server/http/route";
import { applyRegistryEvents, assertRegistryEventsCaller } from "@/lib/server/registry/apply-registry-events";

export const dynamic = "force-dynamic";

// POST /api/v1/registry/events — Distribution's notifications, with the shared secret; replays are skipped.
export const POST = routeWith(
  registryEventsOperation,
  async ({ request, audit }) => {
    assertRegistryEventsCaller(request);
    // The registry reports several events per push and pull: not audit material (the pushes themselves are).
    audit.skip = true;
    return {};
  },
  async ({ body }) => applyRegistryEvents(body.events),
);
