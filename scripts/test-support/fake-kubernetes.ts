import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";

// A tiny stand-in for the Kubernetes API for unit tests: stores objects by path, answers create (409 on a
// clash), read (404 when missing), replace and delete like the real API server, and records every request with
// its headers, so tests can check what was sent and as whom (impersonation). It knows nothing of RBAC or quota.

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: any;
}

export interface FakeKubernetes {
  kubeconfigPath: string;
  requests: RecordedRequest[];
  objects: Map<string, any>;
  /** Return a status (e.g. 500 or 403) to fail a request, or undefined to serve it. */
  failWhen: ((request: RecordedRequest) => number | undefined) | undefined;
  get(objectPath: string): any;
  stop(): Promise<void>;
}

function status(code: number, reason: string, message: string) {
  return { kind: "Status", apiVersion: "v1", status: "Failure", reason, message, code };
}

export async function startFakeKubernetes(): Promise<FakeKubernetes> {
  const objects = new Map<string, any>();
  const requests: RecordedRequest[] = [];
  let resourceVersion = 1;
  const fake: Partial<FakeKubernetes> = { objects, requests, failWhen: undefined };

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://fake");
    const recorded: RecordedRequest = { method: req.method ?? "GET", path: url.pathname, headers: req.headers, body: text ? JSON.parse(text) : undefined };
    requests.push(recorded);
    const send = (code: number, body: unknown) => {
      res.writeHead(code, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const failure = fake.failWhen?.(recorded);
    if (failure) return send(failure, status(failure, "InternalError", `injected failure ${failure}`));
    const key = url.pathname.replace(/\/+$/, "");
    switch (recorded.method) {
      case "GET":
        return objects.has(key) ? send(200, objects.get(key)) : send(404, status(404, "NotFound", `${key} not found`));
      case "POST": {
        const name = recorded.body?.metadata?.name;
        const objectKey = `${key}/${name}`;
        if (objects.has(objectKey)) return send(409, status(409, "AlreadyExists", `${name} already exists`));
        const stored = { ...recorded.body, metadata: { ...recorded.body.metadata, resourceVersion: String(resourceVersion++), uid: `uid-${resourceVersion}` } };
        objects.set(objectKey, stored);
        return send(201, stored);
      }
      case "PUT": {
        if (!objects.has(key)) return send(404, status(404, "NotFound", `${key} not found`));
        const stored = { ...recorded.body, metadata: { ...recorded.body.metadata, resourceVersion: String(resourceVersion++) } };
        objects.set(key, stored);
        return send(200, stored);
      }
      case "DELETE":
        if (!objects.has(key)) return send(404, status(404, "NotFound", `${key} not found`));
        objects.delete(key);
        return send(200, { kind: "Status", apiVersion: "v1", status: "Success" });
      default:
        return send(405, status(405, "MethodNotAllowed", "not supported by the fake"));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "apiary-fake-k8s-"));
  const kubeconfigPath = path.join(dir, "kubeconfig");
  fs.writeFileSync(
    kubeconfigPath,
    [
      "apiVersion: v1",
      "kind: Config",
      "clusters:",
      `- name: fake\n  cluster:\n    server: http://127.0.0.1:${port}\n    insecure-skip-tls-verify: true`,
      "users:",
      "- name: apiary\n  user:\n    token: apiary-test-token",
      "contexts:",
      "- name: fake\n  context:\n    cluster: fake\n    user: apiary",
      "current-context: fake",
      "",
    ].join("\n"),
  );
  return Object.assign(fake, {
    kubeconfigPath,
    get: (objectPath: string) => objects.get(objectPath),
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  }) as FakeKubernetes;
}
