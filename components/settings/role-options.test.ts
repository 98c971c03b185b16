import { describe, expect, it } from "vitest";

import { roleOptions } from "@/components/settings/role-options";
import { en } from "@/lib/i18n/messages/en";
import { createTranslator } from "@/lib/i18n/translate";

const t = createTranslator(en);

describe("roleOptions", () => {
  it("offers no role stronger than the caller's own", () => {
    expect(roleOptions(t, "admin").map((option) => option.value)).toEqual(["admin", "developer", "viewer"]);
    expect(roleOptions(t, "viewer").map((option) => option.value)).toEqual(["viewer"]);
  });

  it("offers every role, in the reader's language, when the caller's role is unknown", () => {
    expect(roleOptions(t, undefined)).toEqual([
      { value: "owner", label: "Owner" },
      { value: "admin", label: "Admin" },
      { value: "developer", label: "Developer" },
      { value: "viewer", label: "Viewer" },
    ]);
  });
});
