import { z } from "zod";
import { defineOperation } from "./api-operation";
import { Currency } from "./billing";
import { Timestamp } from "./common";

// The price card in force, as a tenant may read it (rates only; who created it stays with the operators), so the
// deploy and scale forms can show what a change costs before it is confirmed.

const MicroMinorRate = z.string().regex(/^\d{1,15}$/, "a non-negative integer number of micro-minor units, as a string");

export const TenantPriceCard = z
  .object({
    version: z.number().int(),
    currency: Currency,
    /** Micro-minor units (1e-6 of a cent) per requested vCPU-hour. */
    cpuMicroMinorPerVcpuHour: MicroMinorRate,
    memoryMicroMinorPerGiBHour: MicroMinorRate,
    volumeMicroMinorPerGiBMonth: MicroMinorRate,
    effectiveFrom: Timestamp,
  })
  .meta({ id: "TenantPriceCard" });
export type TenantPriceCard = z.infer<typeof TenantPriceCard>;

export const getTenantPriceCardOperation = defineOperation({
  id: "getTenantPriceCard",
  method: "GET",
  path: "/api/v1/tenants/{tenant}/billing/prices",
  summary: "The price card in force now: rates per vCPU-hour, GiB-hour and volume GiB-month",
  tag: "Billing",
  access: "signed-in",
  permission: "billing:read",
  response: TenantPriceCard,
  errors: ["unauthorized", "forbidden", "not_found"],
});
