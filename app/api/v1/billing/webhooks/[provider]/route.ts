import { paymentWebhookOperation } from "@/lib/contracts/billing";
import { applyPaymentEvent } from "@/lib/server/billing/apply-payment-event";
import { findPaymentProvider } from "@/lib/server/billing/payment-provider";
import { getDatabase } from "@/lib/server/db/get-database";
import { ApiError } from "@/lib/server/http/api-error";
import { routeWith } from "@/lib/server/http/route";

export const dynamic = "force-dynamic";

const MAX_EVENT_BYTES = 64 * 1024;

// POST /api/v1/billing/webhooks/{provider} — signed provider events; each event id applies once, in any order.
export const POST = routeWith(
  paymentWebhookOperation,
  async ({ request, params }) => {
    const provider = findPaymentProvider(params.provider ?? "");
    if (!provider) throw new ApiError("not_found", `No payment provider named ${String(params.provider).slice(0, 40)} is configured.`);
    // The signature covers the exact bytes sent, so the body is read raw here and parsed only once verified.
    const rawBody = await request.text();
    if (Buffer.byteLength(rawBody) > MAX_EVENT_BYTES) throw new ApiError("payload_too_large", `A payment event is at most ${MAX_EVENT_BYTES} bytes.`);
    if (!provider.verifySignature(request.headers, rawBody)) throw new ApiError("unauthorized", `The event's signature is missing, wrong or too old for provider ${provider.name}.`);
    return { provider, rawBody };
  },
  async ({ provider, rawBody, audit }) => {
    const event = provider.parseEvent(rawBody);
    const { db } = await getDatabase();
    const result = await applyPaymentEvent(db, provider.name, event);
    audit.actor = { kind: "system", label: `payment provider ${provider.name}` };
    audit.tenant = null;
    audit.target = `payment:${provider.name}:${event.paymentId}`;
    audit.details = { eventId: event.eventId, type: event.type, tenantId: event.tenantId, amountMinor: event.amountMinor.toString(), outcome: result.outcome };
    return { eventId: event.eventId, ...result };
  },
);
