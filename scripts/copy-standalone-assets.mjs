// The standalone server does not include static assets, public files or the migrations it reads at start;
// copy them in, as Next's documentation prescribes for `output: "standalone"`.
import fs from "node:fs";

const copies = [
  [".next/static", ".next/standalone/.next/static"],
  ["public", ".next/standalone/public"],
  ["lib/server/db/migrations", ".next/standalone/lib/server/db/migrations"],
];
for (const [from, to] of copies) {
  if (!fs.existsSync(from)) continue;
  fs.rmSync(to, { recursive: true, force: true });
  fs.cpSync(from, to, { recursive: true });
}
// Touch the server so `npm start` knows this build is complete and newer than its sources.
const now = new Date();
fs.utimesSync(".next/standalone/server.js", now, now);
