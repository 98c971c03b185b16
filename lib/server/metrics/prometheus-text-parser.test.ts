import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeRegistry, startTestCluster, type FakeRegistry, type TestCluster } from "@/scripts/test-support/test-cluster";
import { labelValue, parsePrometheusText, PrometheusTextParser, type PrometheusSample } from "./prometheus-text-parser";

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

/** Our samples of `text`: whole, in string chunks of `chunkSize` characters, or in Buffer chunks of `byteChunkSize`
 *  bytes (as a socket gives them: a line, a number or a UTF-8 character may be split anywhere). */
function ourSamples(text: string, chunkSize?: number, byteChunkSize?: number): string[] {
  const out: string[] = [];
  const collect = (s: PrometheusSample) => out.push(key(s.name, s.labels, s.value, s.timestampMs));
  if (chunkSize) {
    const parser = new PrometheusTextParser(null, collect);
    for (let i = 0; i < text.length; i += chunkSize) parser.push(text.slice(i, i + chunkSize));
    parser.end();
  } else if (byteChunkSize) {
    const bytes = Buffer.from(text, "utf8");
    const parser = new PrometheusTextParser(null, collect);
    for (let i = 0; i < bytes.length; i += byteChunkSize) parser.push(bytes.subarray(i, i + byteChunkSize));
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

escapes{long="a value longer than twenty-four bytes, with \\"quotes\\" and a \\\\ far in",short="x\\"y",after="plain and long enough to be searched for natively"} 1
metric_without_timestamp_and_labels 12.47
something_weird{problem="division by zero"} +Inf -3982045
negative{a="b"} -Inf
not_a_number NaN

# Values in every notation an exporter writes, and labels beyond ASCII:
notation{n="int"} 104857600
notation{n="float"} 0.1
notation{n="trailing zero"} 3851.0
notation{n="long"} 12345.678901234567
notation{n="many digits"} 123456789012345678901234567890
notation{n="tiny"} 1e-7
notation{n="exponent"} 1.5E+20
notation{n="big exponent"} 6.02214076e23
notation{n="negative zero"} -0
notation{n="plus"} +42
notation{n="leading point"} .5
notation{n="max"} 1.7976931348623157e308
notation{n="Zoë ☃ 猫"} 7 1764000000000
notation{n="tab"}	8	1764000000001
windows_line_ending{a="b"} 9
`;

describe("Prometheus text parser", () => {
  it("reads the format's own examples (escapes, infinities, timestamps) exactly as the reference parser", () => {
    const ours = ourSamples(EXAMPLE);
    expect(ours).toEqual(referenceSamples(EXAMPLE));
    expect(ours).toContain(`msdos_file_access_time_seconds{error="Cannot find file:\\n\\"FILE.TXT\\"",path="C:\\\\DIR\\\\FILE.TXT"} 1458255915 -`);
  });

  it("gives the same samples whatever the chunking, lines, numbers and UTF-8 characters split anywhere", () => {
    const whole = ourSamples(EXAMPLE);
    for (const size of [1, 2, 7, 64]) expect(ourSamples(EXAMPLE, size)).toEqual(whole);
    for (const size of [1, 2, 3, 5, 7, 64, 4096]) expect(ourSamples(EXAMPLE, undefined, size)).toEqual(whole);
    expect(whole).toContain('notation{n="Zoë ☃ 猫"} 7 1764000000000');
  });

  it("reads every number exactly as the reference parser does", () => {
    // Random doubles as JavaScript, Go (%g-like exponents) and C print them, at every magnitude.
    const values: string[] = [];
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 2000; i++) {
      const magnitude = 10 ** Math.floor(random() * 40 - 15);
      const value = (random() - 0.3) * magnitude;
      values.push(String(value), value.toExponential(Math.floor(random() * 16)), value.toFixed(Math.floor(random() * 8)), value.toPrecision(1 + Math.floor(random() * 17)).toUpperCase());
    }
    const text = `${values.map((value, i) => `n{i="${i}"} ${value}`).join("\n")}\n`;
    expect(ourSamples(text, undefined, 1000)).toEqual(referenceSamples(text));
  });

  it("keeps only the wanted sample names, and only the labels asked for", () => {
    const names: string[] = [];
    parsePrometheusText(EXAMPLE, new Set(["http_requests_total"]), (s) => names.push(s.name));
    expect(names).toEqual(["http_requests_total", "http_requests_total"]);
    const samples: PrometheusSample[] = [];
    const parser = new PrometheusTextParser(new Set(["http_requests_total", "negative"]), (s) => samples.push(s), { labels: new Set(["code"]) });
    parser.push(Buffer.from(EXAMPLE));
    parser.end();
    expect(samples).toEqual([
      { name: "http_requests_total", labels: { code: "200" }, value: 1027, timestampMs: 1395066363000 },
      { name: "http_requests_total", labels: { code: "400" }, value: 3, timestampMs: 1395066363000 },
      { name: "negative", labels: {}, value: -Infinity, timestampMs: null },
    ]);
  });

  it("hands a raw visitor the family's index and the kept labels' bytes, escapes marked, without decoding them", () => {
    const seen: unknown[] = [];
    const parser = new PrometheusTextParser(new Set(["b", "a"]), null, {
      labels: new Set(["x", "y"]),
      onRawSample: (family, buf, labels, value, timestampMs) =>
        seen.push([family, [0, 1].map((i) => (labels.start[i] < 0 ? null : [buf.toString("utf8", labels.start[i], labels.end[i]), labels.escaped[i] === 1, labelValue(buf, labels.start[i], labels.end[i], labels.escaped[i] === 1)])), value, timestampMs]),
    });
    parser.push(Buffer.from('a{y="1",z="no",x="é"} 2 17\nc{x="0"} 1\nb{y="q\\"\\\\"} 3\nb 4\n'));
    parser.end();
    expect(seen).toEqual([
      [1, [["é", false, "é"], ["1", false, "1"]], 2, 17],
      [0, [null, ['q\\"\\\\', true, 'q"\\']], 3, null],
      [0, [null, null], 4, null],
    ]);
  });

  it("reads a label's value right whether it was long, short, empty or escaped on the line before", () => {
    const long = "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod03cb43f0.slice/cri-containerd-0d90f44c.scope";
    const values = [long, "/", long, "", `${long}\\"quoted\\" \\\\ and \\n`, "x\\\\", long, 'ab\\"', long.slice(0, 23), long.slice(0, 24), "/"];
    const text = `${values.map((id, i) => `m{id="${id}",i="${i}"} ${i}`).join("\n")}\n`;
    expect(ourSamples(text)).toEqual(referenceSamples(text));
    for (const size of [3, 50]) expect(ourSamples(text, undefined, size)).toEqual(referenceSamples(text));
    expect(ourSamples(text)).toContain(`m{i="4",id=${JSON.stringify(`${long}"quoted" \\ and \n`)}} 4 -`);
  });

  it("with labelEnds, reads a plainly written line by its first and last two labels, and the rest on request", () => {
    const text = [
      'a{container="app",id="/kubepods/x",image="nginx",namespace="t-1",pod="web-1"} 1 17',
      'a{container="app",namespace="t-1",pod="web-1"} 2',
      'a{namespace="t-1",pod="web-1"} 3',
      'a{pod="web-1"} 4',
      'a{id="/",namespace="",pod=""} 5',
      'a{container="app",id="x",namespace="t-\\"q\\"",pod="web-1"} 6',
      'a{container="app",id="x",pod="web-1",namespace="t-1",} 7',
      'a{container="app", id="x" ,namespace="t-1",pod="web-1"} 8',
      'a{container="app",id="x",namespace="t-1", pod="web-1"} 8.5',
      'a{id="i",container="c\\\\",namespace="t-1",pod="p"} 9',
      'a{zz="1",id="m",namespace="n",pod="p"} 10',
      "a 11",
      "",
    ].join("\n");
    const kept = new Set(["id", "namespace", "pod", "container"]);
    const read = (labelEnds: boolean, readAll: boolean) => {
      const seen: [number, boolean, (string | null)[]][] = [];
      const parser = new PrometheusTextParser(new Set(["a"]), null, {
        labels: kept,
        labelEnds,
        onRawSample: (_family, buf, labels, value) => {
          const partial = labels.partial;
          if (readAll) labels.readAll();
          seen.push([value, partial, [0, 1, 2, 3].map((i) => (labels.start[i] < 0 ? null : labelValue(buf, labels.start[i], labels.end[i], labels.escaped[i] === 1)))]);
        },
      });
      parser.push(Buffer.from(text));
      parser.end();
      return seen;
    };
    const whole = read(false, false);
    expect(whole.every(([, partial]) => partial === false)).toBe(true);
    // Asked for the rest, every line reads exactly as when read whole.
    expect(read(true, true).map(([value, , labels]) => [value, labels])).toEqual(whole.map(([value, , labels]) => [value, labels]));
    // Without asking: the long id between the ends is skipped, and says so; every other line is read whole.
    expect(read(true, false)).toEqual([
      [1, true, [null, "t-1", "web-1", "app"]],
      [2, false, [null, "t-1", "web-1", "app"]],
      [3, false, [null, "t-1", "web-1", null]],
      [4, false, [null, null, "web-1", null]],
      [5, false, ["/", "", "", null]],
      [6, false, ["x", 't-"q"', "web-1", "app"]],
      [7, false, ["x", "t-1", "web-1", "app"]],
      [8, false, ["x", "t-1", "web-1", "app"]],
      [8.5, false, ["x", "t-1", "web-1", "app"]],
      [9, true, ["i", "t-1", "p", null]],
      [10, true, [null, "n", "p", null]],
      [11, false, [null, null, null, null]],
    ]);
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
      const ours = ourSamples(text, undefined, 65536);
      expect(ours).toEqual(referenceSamples(text));
      expect(ourSamples(text, undefined, 1021)).toEqual(ours);
      expect(ourSamples(text, 4096)).toEqual(ours);
      expect(ours.filter((s) => s.startsWith("container_cpu_usage_seconds_total{") && s.includes('container="app"'))).toHaveLength(3);
    });
  });
});
