import type { Metadata } from "next";

import { InvoiceDocument } from "@/components/billing/invoice-document";
import { getTranslations } from "@/lib/i18n/get-translations";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { t } = await getTranslations();
  const { id } = await params;
  return { title: t("billing.invoiceTitle", { id }) };
}

/** One monthly invoice as a printable page, with Print and a CSV download. */
export default async function InvoicePage({ params }: { params: Promise<{ tenant: string; id: string }> }) {
  const { tenant, id } = await params;
  return <InvoiceDocument tenant={tenant} id={id} />;
}
