import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeRegistry, startTestCluster, type FakeRegistry, type TestCluster } from "@/scripts/test-support/test-cluster";
import { parsePrometheusText, PrometheusTextParser, type PrometheusSample } from "./prometheus-text-parser";

// The same input read by this parser and by parse-prometheus-text-format (a port of the Prometheus Python client's
// parser, output as prom2json): every sample of every counter, gauge and untyped family must come out identical.

function referenceSamples(text: string): string[] {
  const out: string[] = [];
  for (const family of parsePrometheusTextFormat(text)) {
    if (family.type === "HISTOGRAM" || family.type === "SUMMARY") continue;
    // prom2json keeps values as the text wrote them; "+Inf" and "-Inf" are not JavaScript number syntax.
    const number = (value: string) => (value === "+Inf" ? Infinity : value === "-Inf" ? -Infinity : Number(value));
    for (const m of family.metrics) out.push(key(family.name, m.labels ?? {}, number(m.value ?? ""), m.timestamp_ms === undefined ? null : Number(m.timestamp_ms)));
  }
  return out.sort();
}

function key(name: string, labels: Record<string, string>, value: number, timestampMs: number | null): string {
  const sorted = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(",");
  return `${name}{${sorted}} ${Object.is(value, NaN) ? "NaN" : value} ${timestampMs ?? "-"}`;
}

function ourSamples(text: string, chunkSize?: number): string[] {
  const out: string[] = [];
  const collect = (s: PrometheusSample) => out.push(key(s.name, s.labels, s.value, s.timestampMs));
  if (chunkSize) {
    const parser = new PrometheusTextParser(null, collect);
    for (let i = 0; i < text.length; i += chunkSize) parser.push(text.slice(i, i + chunkSize));
    parser.end();
  } else parsePrometheusText(text, null, collect);
  return out.sort();
}

const EXAMPLE = `# HELP jvm_classes_loaded The number of classes that are currently loaded in the JVM
# TYPE jvm_classes_loaded gauge
jvm_classes_loaded 3851.0

# HELP http_requests_total The total number of HTTP requests.
# TYPE http_requests_total counter
http_requests_total{method="post",code="200"} 1027 1395066363000
http_requests_total{method="post",code="400"}    3 1395066363000

# Escaping in label values:
msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9

metric_without_timestamp_and_labels 12.47
something_weird{problem="division by zero"} +Inf -3982045
negative{a="b"} -Inf
not_a_number NaN
`;

describe("Prometheus text parser", () => {
  it("reads the format's own examples (escapes, infinities, timestamps) exactly as the reference parser", () => {
    const ours = ourSamples(EXAMPLE);
    expect(ours).toEqual(referenceSamples(EXAMPLE));
    expect(ours).toContain(`msdos_file_access_time_seconds{error="Cannot find file:\\n\\"FILE.TXT\\"",path="C:\\\\DIR\\\\FILE.TXT"} 1458255915 -`);
  });

  it("gives the same samples whatever the chunking, lines split anywhere", () => {
    const whole = ourSamples(EXAMPLE);
    for (const size of [1, 2, 7, 64]) expect(ourSamples(EXAMPLE, size)).toEqual(whole);
  });

  it("keeps only the wanted sample names", () => {
    const names: string[] = [];
    parsePrometheusText(EXAMPLE, new Set(["http_requests_total"]), (s) => names.push(s.name));
    expect(names).toEqual(["http_requests_total", "http_requests_total"]);
  });

  it("refuses a broken line with an error naming it", () => {
    expect(() => parsePrometheusText('up{job="x} 1\n', null, () => {})).toThrow(/unterminated/);
    expect(() => parsePrometheusText("up one\n", null, () => {})).toThrow(/not a sample value/);
  });

  describe("on a simulated kubelet's cAdvisor text", () => {
    let cluster: TestCluster;
    let registry: FakeRegistry;
    let text: string;

    beforeAll(async () => {
      registry = await startFakeRegistry({ images: [{ repository: "team/app", tag: "v1" }], anonymous: true });
      cluster = await startTestCluster({ nodes: 1, registryUrl: registry.url });
      await cluster.kubectl(["create", "deployment", "web", `--image=${registry.host}/team/app:v1`, "--replicas=3"]);
      await cluster.waitFor(async () => (await cluster.kubectl(["get", "deploy", "web", "-o", "jsonpath={.status.readyReplicas}"])).stdout === "3" || undefined, 60_000, "3 ready pods");
      const node = JSON.parse((await cluster.kubectl(["get", "nodes", "-o", "json"])).stdout).items[0].metadata.name;
      text = (await cluster.kubectl(["get", "--raw", `/api/v1/nodes/${node}/proxy/metrics/cadvisor`])).stdout;
    });
    afterAll(async () => {
      await cluster?.stop();
      await registry?.close();
    });

    it("reads every sample the reference parser reads, containers of the pods included", () => {
      const ours = ourSamples(text, 4096);
      expect(ours).toEqual(referenceSamples(text));
      expect(ours.filter((s) => s.startsWith("container_cpu_usage_seconds_total{") && s.includes('container="app"'))).toHaveLength(3);
    });
  });
});
