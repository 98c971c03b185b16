import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// The import boundaries of CONVENTIONS.md are lint errors; these cases prove each rule bites.
const eslint = new ESLint({ cwd: process.cwd() });

async function messagesFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe("import boundaries", () => {
  it("fails when client code imports lib/server", async () => {
    const component = await messagesFor("components/ui/widget.tsx", 'import { getEnv } from "@/lib/server/env";\nexport const x = getEnv;\n');
    expect(component.join("\n")).toMatch(/must not import lib\/server/);
    const clientLeaf = await messagesFor("app/(console)/thing/leaf.tsx", '"use client";\nimport { getEnv } from "@/lib/server/env";\nexport const x = getEnv;\n');
    expect(clientLeaf.join("\n")).toMatch(/no-server-import-in-client/);
  });

  it("fails when lib imports components or app", async () => {
    const messages = await messagesFor("lib/server/thing.ts", 'import { Button } from "@/components/ui/button";\nexport const x = Button;\n');
    expect(messages.join("\n")).toMatch(/lib\/\*\* must not import components/);
  });

  it("fails when the app imports the simulated cluster, or the simulator imports the app", async () => {
    expect((await messagesFor("lib/server/thing.ts", 'import { startCluster } from "@/sim/cluster";\nexport const x = startCluster;\n')).join("\n")).toMatch(/over HTTP/);
    expect((await messagesFor("sim/thing.ts", 'import { getEnv } from "../lib/server/env";\nexport const x = getEnv;\n')).join("\n")).toMatch(/imports nothing from the app/);
  });

  it("allows server pages and route handlers to use lib/server", async () => {
    const messages = await messagesFor("app/api/v1/thing/route.ts", 'import { getEnv } from "@/lib/server/env";\nexport const GET = getEnv;\n');
    expect(messages.filter((m) => m.startsWith("no-restricted-imports") || m.startsWith("apiary/"))).toEqual([]);
  });
});
