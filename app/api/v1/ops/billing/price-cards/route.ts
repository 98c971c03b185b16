import { opsCreatePriceCardOperation, opsListPriceCardsOperation } from "@/lib/contracts/ops-billing";
import { createPriceCard, listPriceCards, priceCardAt, toPriceCard } from "@/lib/server/billing/price-book";
import { getDatabase } from "@/lib/server/db/get-database";
import { adminRoute } from "@/lib/server/http/user-route";

export const dynamic = "force-dynamic";

// GET /api/v1/ops/billing/price-cards — every version, newest first, and the one in force now.
export const GET = adminRoute(opsListPriceCardsOperation, async () => {
  const { db } = await getDatabase();
  const [cards, current] = await Promise.all([listPriceCards(db), priceCardAt(db, new Date())]);
  return { items: cards.map(toPriceCard), current: toPriceCard(current) };
});

// POST /api/v1/ops/billing/price-cards — a new version from now or later; past versions are never edited.
export const POST = adminRoute(opsCreatePriceCardOperation, async ({ body, actor, audit }) => {
  const { db } = await getDatabase();
  // One clock reading: a card without a time takes effect at the same instant the past-time check compares with.
  const now = new Date();
  const card = await createPriceCard(
    db,
    {
      currency: body.currency,
      cpuMicroMinorPerVcpuHour: BigInt(body.cpuMicroMinorPerVcpuHour),
      memoryMicroMinorPerGiBHour: BigInt(body.memoryMicroMinorPerGiBHour),
      volumeMicroMinorPerGiBMonth: BigInt(body.volumeMicroMinorPerGiBMonth),
      effectiveFrom: body.effectiveFrom ? new Date(body.effectiveFrom) : now,
      note: body.note,
    },
    actor.email,
    now,
  );
  audit.target = `price_card:${card.version}`;
  audit.details = { effectiveFrom: card.effectiveFrom.toISOString() };
  return toPriceCard(card);
});
