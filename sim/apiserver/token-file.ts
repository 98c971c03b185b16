// kube-apiserver's --token-auth-file format: CSV lines `token,user,uid,"group1,group2"` (groups optional).
import type { StaticToken } from "./authenticate";

function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else current += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      fields.push(current);
      current = "";
    } else current += ch;
  }
  fields.push(current);
  return fields.map((f) => f.trim());
}

export function parseTokenFile(text: string): StaticToken[] {
  const tokens: StaticToken[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith("#")) return;
    const [token, user, uid, groups] = splitCsvLine(line);
    if (!token || !user) throw new Error(`token file line ${index + 1}: expected token,user,uid[,"groups"]`);
    tokens.push({ token, user, ...(uid ? { uid } : {}), groups: groups ? groups.split(",").map((g) => g.trim()).filter(Boolean) : [] });
  });
  return tokens;
}
