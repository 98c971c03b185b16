import { describe, expect, it } from "vitest";
import { readScriptedBehaviour } from "./scripted-behaviour";

describe("readScriptedBehaviour", () => {
  it("reads the scripted keys from image labels", () => {
    const b = readScriptedBehaviour({
      "apiary.sim/ready-after": "15",
      "apiary.sim/crash-after": "30s",
      "apiary.sim/exit-code": "3",
      "apiary.sim/cpu-millicores": "250",
      "apiary.sim/memory-mib": "128",
      "apiary.sim/fail-readiness": "true",
    });
    expect(b).toMatchObject({ readyAfterSeconds: 15, crashAfterSeconds: 30, exitCode: 3, cpuMillicores: 250, memoryMiB: 128, failReadiness: true });
  });

  it("lets the container env override the image labels, in either spelling", () => {
    const b = readScriptedBehaviour({ "apiary.sim/ready-after": "15", "apiary.sim/cpu-millicores": "250" }, [
      { name: "apiary.sim/ready-after", value: "2" },
      { name: "APIARY_SIM_CPU_MILLICORES", value: "900" },
    ]);
    expect(b.readyAfterSeconds).toBe(2);
    expect(b.cpuMillicores).toBe(900);
  });

  it("defaults to a healthy container that runs forever and exits 1 if told to crash", () => {
    const b = readScriptedBehaviour(undefined, undefined);
    expect(b).toMatchObject({ readyAfterSeconds: 0, failReadiness: false, failLiveness: false, exitCode: 1 });
    expect(b.crashAfterSeconds).toBeUndefined();
    expect(b.cpuMillicores).toBeUndefined();
  });

  it("ignores malformed values instead of inventing behaviour", () => {
    const b = readScriptedBehaviour({ "apiary.sim/ready-after": "soon", "apiary.sim/exit-code": "x", "apiary.sim/fail-readiness": "nope" });
    expect(b.readyAfterSeconds).toBe(0);
    expect(b.exitCode).toBe(1);
    expect(b.failReadiness).toBe(false);
  });
});
