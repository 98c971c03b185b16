import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { ApiError } from "@/lib/server/http/api-error";
import type { PaymentEvent, PaymentProvider } from "./payment-provider";

// The "test" payment provider: a complete, signed webhook protocol shaped like Stripe's, for development, tests
// and e2e top-ups. Header `Apiary-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` with the
// secret APIARY_PAYMENT_TEST_SECRET; a signature older or newer than five minutes is refused, so a captured
// request cannot be replayed later (and a replay inside the window is a duplicate event id, which changes nothing).

export const TEST_SIGNATURE_HEADER = "apiary-signature";
const TOLERANCE_SECONDS = 300;

const TestEventBody = z.object({
  id: z.string().min(1).max(200),
  type: z.enum(["payment.succeeded", "payment.failed", "payment.refunded"]),
  data: z.object({
    paymentId: z.string().min(1).max(200),
    tenantId: z.uuid(),
    amountMinor: z.string().regex(/^[1-9]\d{0,15}$/),
    currency: z.string().regex(/^[A-Z]{3}$/),
  }),
});

export function signTestPayload(secret: string, rawBody: string, at: Date = new Date()): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${rawBody}`).digest("hex")}`;
}

export function createTestPaymentProvider(secret: string): PaymentProvider {
  return {
    name: "test",
    verifySignature(headers, rawBody, now = new Date()) {
      const header = headers.get(TEST_SIGNATURE_HEADER) ?? "";
      const parts = Object.fromEntries(header.split(",").map((part) => part.split("=", 2) as [string, string]));
      const t = Number(parts.t);
      if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(parts.v1 ?? "")) return false;
      if (Math.abs(now.getTime() / 1000 - t) > TOLERANCE_SECONDS) return false;
      const expected = createHmac("sha256", secret).update(`${t}.${rawBody}`).digest();
      return timingSafeEqual(expected, Buffer.from(parts.v1, "hex"));
    },
    parseEvent(rawBody): PaymentEvent {
      let json: unknown;
      try {
        json = JSON.parse(rawBody);
      } catch {
        throw new ApiError("bad_request", "The event is not valid JSON.");
      }
      const parsed = TestEventBody.safeParse(json);
      if (!parsed.success) {
        throw new ApiError(
          "validation_failed",
          "The event is not a payment event this provider sends.",
          parsed.error.issues.map((issue) => ({ field: ["body", ...issue.path.map(String)].join("."), message: issue.message })),
        );
      }
      const { id, type, data } = parsed.data;
      return {
        eventId: id,
        type: type === "payment.succeeded" ? "payment_succeeded" : type === "payment.failed" ? "payment_failed" : "payment_refunded",
        paymentId: data.paymentId,
        tenantId: data.tenantId,
        amountMinor: BigInt(data.amountMinor),
        currency: data.currency,
      };
    },
  };
}
