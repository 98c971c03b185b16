import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// There is no Docker engine on the build machines, so the image is not built in CI (README.md, "Operating
// Apiary"). This reads the Dockerfile as Docker does (line continuations, ARG defaults in FROM, stages) and checks
// what matters for running it: Next's standalone output, static assets and public files in it, an unprivileged
// user, `node server.js`, and a Node LTS base image that is not past its end of life.

const root = path.resolve(import.meta.dirname, "..");

interface Instruction {
  keyword: string;
  args: string;
}
interface Stage {
  base: string;
  name: string | undefined;
  instructions: Instruction[];
}

function parseDockerfile(text: string): { args: Map<string, string>; stages: Stage[] } {
  const logical: string[] = [];
  let current = "";
  for (const raw of text.split("\n")) {
    const line = raw.trimEnd();
    if (!current && (line.trim() === "" || line.trimStart().startsWith("#"))) continue;
    if (current && line.trimStart().startsWith("#")) continue; // comments inside a continued instruction
    if (line.endsWith("\\")) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    logical.push((current + line).trim());
    current = "";
  }
  const args = new Map<string, string>();
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, keyword, rest] = /^(\S+)\s*(.*)$/.exec(line)!;
    const upper = keyword.toUpperCase();
    if (upper === "ARG" && stages.length === 0) {
      const [name, value] = rest.split("=");
      args.set(name, value ?? "");
    } else if (upper === "FROM") {
      const m = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(rest)!;
      const base = m[1].replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string, b: string) => args.get(a ?? b) ?? "");
      stages.push({ base, name: m[2], instructions: [] });
    } else {
      stages.at(-1)?.instructions.push({ keyword: upper, args: rest });
    }
  }
  return { args, stages };
}

const dockerfile = parseDockerfile(fs.readFileSync(path.join(root, "Dockerfile"), "utf8"));
const runtime = dockerfile.stages.at(-1)!;
const of = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword);

// Node.js release lines with Long Term Support and their end of life (github.com/nodejs/Release). Lines up to 26 are
// the even-numbered ones; from 27 on every line is promoted to LTS in the October after its April release.
const LTS_END_OF_LIFE: Record<number, string> = { 20: "2026-04-30", 22: "2027-04-30", 24: "2028-04-30", 26: "2029-04-30" };

describe("Dockerfile", () => {
  it("builds in stages and runs on a Node LTS line that is still supported", () => {
    expect(dockerfile.stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of dockerfile.stages) {
      const m = /^node:(\d+)(?:\.\d+)*-(bookworm|trixie)-slim$/.exec(stage.base);
      expect(m, `${stage.base} is an official node slim image pinned to a major`).not.toBeNull();
      const major = Number(m![1]);
      expect(Object.keys(LTS_END_OF_LIFE).map(Number), `node ${major} is an LTS line`).toContain(major);
      expect(new Date(`${LTS_END_OF_LIFE[major]}T23:59:59Z`).getTime(), `node ${major} is not past its end of life`).toBeGreaterThan(Date.now());
    }
    // Every stage on the same Node, so the native parts built in one run in the other.
    expect(new Set(dockerfile.stages.map((s) => s.base)).size).toBe(1);
  });

  it("builds with `npm run build`, whose script copies static assets and public files into the standalone output", () => {
    const build = dockerfile.stages.find((s) => of(s, "RUN").some((i) => /\bnpm run build\b/.test(i.args)));
    expect(build, "a stage runs npm run build").toBeDefined();
    expect(of(build!, "COPY").some((i) => /^\.\s+\.$/.test(i.args)), "the build stage copies the sources").toBe(true);
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(pkg.scripts.build).toMatch(/next build && node scripts\/copy-standalone-assets\.mjs/);
    const copyScript = fs.readFileSync(path.join(root, "scripts/copy-standalone-assets.mjs"), "utf8");
    expect(copyScript).toContain('[".next/static", ".next/standalone/.next/static"]');
    expect(copyScript).toContain('["public", ".next/standalone/public"]');
    expect(copyScript).toContain('["lib/server/db/migrations", ".next/standalone/lib/server/db/migrations"]');
    expect(fs.readFileSync(path.join(root, "next.config.ts"), "utf8")).toMatch(/output:\s*"standalone"/);
    // The dependencies are installed exactly as locked.
    expect(dockerfile.stages.some((s) => of(s, "RUN").some((i) => /\bnpm ci\b/.test(i.args)))).toBe(true);
  });

  it("ships only the standalone output, runs `node server.js` as uid 10001 in production mode on port 3000", () => {
    const copies = of(runtime, "COPY");
    expect(copies.some((i) => new RegExp(`^--from=${"build"}\\s+/src/\\.next/standalone\\s+\\./?$`).test(i.args))).toBe(true);
    expect(copies.every((i) => i.args.startsWith("--from="))).toBe(true);
    const users = of(runtime, "USER");
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)!.args).toMatch(/^10001(:10001)?$/);
    // USER comes before CMD, and no later instruction runs as root again.
    const order = runtime.instructions.map((i) => i.keyword);
    expect(order.lastIndexOf("USER")).toBeLessThan(order.lastIndexOf("CMD"));
    expect(JSON.parse(of(runtime, "CMD").at(-1)!.args)).toEqual(["node", "server.js"]);
    expect(of(runtime, "WORKDIR").at(-1)!.args).toBe("/app");
    const env = of(runtime, "ENV").map((i) => i.args).join(" ");
    expect(env).toMatch(/\bNODE_ENV=production\b/);
    expect(env).toMatch(/\bHOSTNAME=0\.0\.0\.0\b/); // Next's standalone server listens on HOSTNAME
    expect(env).toMatch(/\bPORT=3000\b/);
    expect(of(runtime, "EXPOSE").map((i) => i.args)).toEqual(["3000"]);
    // The data folder and Next's cache are the only places the server writes; they belong to its user.
    expect(of(runtime, "RUN").some((i) => /chown 10001:10001 \/var\/lib\/apiary \/app\/\.next\/cache/.test(i.args))).toBe(true);
  });

  it("bakes no secret into the image and keeps local state out of the build context", () => {
    const env = dockerfile.stages.flatMap((s) => of(s, "ENV").map((i) => i.args)).join(" ");
    for (const name of ["DATABASE_URL", "REDIS_URL", "APIARY_SECRET_KEY", "APIARY_ADMIN_PASSWORD", "APIARY_REGISTRY_EVENTS_SECRET", "APIARY_SMTP_URL", "APIARY_PAYMENT_TEST_SECRET"]) {
      expect(env).not.toContain(name);
      expect(dockerfile.args.has(name)).toBe(false);
    }
    const ignored = fs.readFileSync(path.join(root, ".dockerignore"), "utf8").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
    for (const entry of ["node_modules", ".next", ".data", ".data-*", ".env", ".env.*", ".git"]) expect(ignored).toContain(entry);
  });
});
