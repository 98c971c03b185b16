// The simulator's kube-apiserver: plain HTTP, bearer tokens, impersonation, RBAC on every request, legacy
// discovery, a minimal OpenAPI v3, REST with Table output and NDJSON watches, metrics.k8s.io, and the /_sim
// debug endpoints (request log, fault injection) that tests use.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import { DEFAULT_CIPHERS as tlsDefaultCiphers } from "node:tls";
import { createServer as createNetServer, type AddressInfo, type Socket } from "node:net";
import { StatusError, type KubeletHub, type ResourceInfo, type ServedClusterApi, type UserInfo } from "../core/types";
import { createAuthenticator, impersonate, type Authorize, type StaticToken } from "./authenticate";
import { apiGroup, apiGroupList, apiResourceList, apiVersions } from "./discovery";
import { FaultState, type FaultAction } from "./fault-state";
import { forbiddenError, type AuthorizationAttributes } from "./forbidden-message";
import { parseBody, readBody, readBodyObject, sendError, sendJson, sendText } from "./http-response";
import { metricsResponse } from "./metrics-api";
import { openApiDocument, openApiRoot } from "./openapi";
import { RequestLog, queryForLog, requestHeadersForLog, type RequestLogEntry } from "./request-log";
import { parseRequestInfo } from "./request-info";
import { handleResourceRequest, type ResourceHandlerDeps } from "./resource-handler";

/**
 * The cipher suite a client gets, as kube-apiserver (Go's crypto/tls) chooses it: in TLS 1.3 Go picks the suite by its
 * own order, AES-128-GCM first for a client that prefers AES-GCM (hardware AES), whatever the client listed first.
 * OpenSSL follows the client's order unless told to keep its own, and Node's client lists AES-256-GCM first, so a
 * plain Node server would hand every Node client a suite the real API server never gives it. TLS 1.2 suites stay
 * Node's defaults.
 */
const GO_CIPHER_ORDER = ["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256", ...tlsDefaultCiphers.split(":").filter((suite) => !suite.startsWith("TLS_"))].join(":");

export interface ServerVersion {
  major: string;
  minor: string;
  gitVersion: string;
}

export interface ApiServerOptions {
  api: ServedClusterApi;
  hub: KubeletHub;
  /** Stored resources (core's RESOURCES). */
  resources: ResourceInfo[];
  /** Served but not stored: metrics.k8s.io (core's METRICS_RESOURCES). */
  metricsResources?: ResourceInfo[];
  /** The RBAC authorizer. system:masters is always allowed before it is asked, as in kube-apiserver. */
  authorizer: {
    authorize(user: UserInfo, attrs: AuthorizationAttributes): { allowed: boolean; reason?: string };
    /** The rules that apply to a user in a namespace, for SelfSubjectRulesReview (`kubectl auth can-i --list`). */
    rulesFor?(user: UserInfo, namespace?: string): { resourceRules: unknown[]; nonResourceRules: unknown[]; incomplete: boolean };
  };
  adminToken: string;
  adminUser?: string;
  tokens?: StaticToken[];
  version?: ServerVersion;
  /** When given, the same port also speaks TLS (kubectl sends tokens only to https servers). */
  tls?: { key: string; cert: string };
}

export interface ApiServer {
  server: Server;
  requestLog: RequestLog;
  faults: FaultState;
  /** Whether the port also accepts TLS connections. */
  tls: boolean;
  listen(port: number, host?: string): Promise<number>;
  /** Ends every open watch and log stream, then closes the listener. */
  close(): Promise<void>;
}

export const DEFAULT_VERSION: ServerVersion = { major: "1", minor: "33", gitVersion: "v1.33.4" };

const UNAUTHENTICATED_PATHS = new Set(["/version", "/healthz", "/readyz", "/livez"]);

// Review kinds the HTTP layer answers itself; listed in discovery even when the resource table lacks them.
const REVIEW_RESOURCES: ResourceInfo[] = [
  { group: "authorization.k8s.io", version: "v1", resource: "selfsubjectaccessreviews", kind: "SelfSubjectAccessReview", singular: "selfsubjectaccessreview", namespaced: false, verbs: ["create"] },
  { group: "authorization.k8s.io", version: "v1", resource: "subjectaccessreviews", kind: "SubjectAccessReview", singular: "subjectaccessreview", namespaced: false, verbs: ["create"] },
  { group: "authorization.k8s.io", version: "v1", resource: "localsubjectaccessreviews", kind: "LocalSubjectAccessReview", singular: "localsubjectaccessreview", namespaced: true, verbs: ["create"] },
  { group: "authorization.k8s.io", version: "v1", resource: "selfsubjectrulesreviews", kind: "SelfSubjectRulesReview", singular: "selfsubjectrulesreview", namespaced: false, verbs: ["create"] },
  { group: "authentication.k8s.io", version: "v1", resource: "selfsubjectreviews", kind: "SelfSubjectReview", singular: "selfsubjectreview", namespaced: false, verbs: ["create"] },
];

function versionInfo(v: ServerVersion) {
  return {
    major: v.major,
    minor: v.minor,
    gitVersion: v.gitVersion,
    gitCommit: "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
    gitTreeState: "clean",
    buildDate: "2025-08-12T12:00:00Z",
    goVersion: "go1.24.5",
    compiler: "gc",
    platform: "linux/amd64",
  };
}

export function createApiServer(options: ApiServerOptions): ApiServer {
  const { api, hub } = options;
  const version = options.version ?? DEFAULT_VERSION;
  const stored = options.resources;
  const discoverable = [...stored, ...REVIEW_RESOURCES.filter((x) => !stored.some((s) => s.group === x.group && s.resource === x.resource)), ...(options.metricsResources ?? [])];
  const restResources = discoverable.filter((r) => r.group !== "metrics.k8s.io");
  const adminUser = options.adminUser ?? "apiary-sim-admin";
  const authenticator = createAuthenticator({ adminToken: options.adminToken, adminUser, tokens: options.tokens ?? [] });
  const authorize: Authorize = (user, attrs) => {
    if (user.groups.includes("system:masters")) return { allowed: true, reason: "" };
    return options.authorizer.authorize(user, attrs);
  };
  const requestLog = new RequestLog();
  const faults = new FaultState(api, hub);
  const openStreams = new Set<() => void>();
  const deps: ResourceHandlerDeps = { api, hub, resources: restResources, authorize, openStreams };
  const endAllStreams = () => {
    for (const end of [...openStreams]) end();
  };
  const unsubscribeDrop = api.onDropWatches(endAllStreams);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, "") : url.pathname;
    const query = url.searchParams;
    const method = req.method ?? "GET";
    const entry: RequestLogEntry = { time: new Date().toISOString(), method, path, query: queryForLog(query), headers: requestHeadersForLog(req), userAgent: req.headers["user-agent"] };
    res.on("finish", () => (entry.status = res.statusCode));

    if (UNAUTHENTICATED_PATHS.has(path) || path.startsWith("/healthz/") || path.startsWith("/readyz/") || path.startsWith("/livez/")) {
      if (path === "/version") return sendJson(res, 200, versionInfo(version));
      return sendText(res, 200, "ok");
    }

    requestLog.add(entry);
    const { user: authenticated, isAdmin } = authenticator.authenticate(req);
    entry.user = authenticated.username;
    entry.groups = authenticated.groups;
    const impersonated = impersonate(req, authenticated, authorize);
    if (impersonated) {
      entry.impersonatedUser = impersonated.username;
      entry.impersonatedGroups = impersonated.groups;
    }
    const user: UserInfo = impersonated ? { username: impersonated.username, groups: impersonated.groups } : authenticated;

    if (path === "/_sim" || path.startsWith("/_sim/")) {
      if (!isAdmin || impersonated) throw new StatusError(403, "Forbidden", `forbidden: User "${user.username}" cannot ${method.toLowerCase()} path "${path}"`);
      return handleSimEndpoint(req, res, path, method);
    }

    const isApiPath = path === "/api" || path.startsWith("/api/") || path === "/apis" || path.startsWith("/apis/");
    if (isApiPath) {
      const delayMs = faults.delayFor();
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      const failure = faults.failureFor();
      if (failure !== undefined) {
        throw new StatusError(failure, failure === 503 ? "ServiceUnavailable" : failure === 429 ? "TooManyRequests" : "InternalError", `simulated failure (fault injection): ${failure}`);
      }
    }

    const info = parseRequestInfo(method, path, query);
    const attrs: AuthorizationAttributes = info.isResourceRequest
      ? {
          verb: info.verb,
          resource: info.resource,
          ...(info.subresource ? { subresource: info.subresource } : {}),
          ...(info.namespace ? { namespace: info.namespace } : {}),
          ...(info.name ? { name: info.name } : {}),
          apiGroup: info.apiGroup,
        }
      : { verb: info.verb, path };
    const decision = authorize(user, attrs);
    // Like RBAC, a plain denial carries no reason; the message is the same as kube-apiserver's.
    if (!decision.allowed) throw forbiddenError(user.username, attrs, undefined);

    if (!info.isResourceRequest) return handleNonResource(res, path, method);
    if (info.apiGroup === "metrics.k8s.io") {
      if (!(options.metricsResources ?? []).some((r) => r.version === info.apiVersion && r.resource === info.resource)) throw new StatusError(404, "NotFound", "the server could not find the requested resource");
      return sendJson(res, 200, metricsResponse(hub, info, query, new Date(api.clock.now()).toISOString().replace(/\.\d{3}Z$/, "Z")));
    }
    if (info.apiGroup === "authentication.k8s.io" && info.resource === "selfsubjectreviews" && info.verb === "create") {
      await readBody(req);
      return sendJson(res, 201, { kind: "SelfSubjectReview", apiVersion: "authentication.k8s.io/v1", metadata: { creationTimestamp: null }, status: { userInfo: { username: user.username, groups: user.groups } } });
    }
    if (info.apiGroup === "authorization.k8s.io" && info.resource === "selfsubjectrulesreviews" && info.verb === "create") {
      const body = (await readBodyObject(req)) ?? {};
      const namespace: string | undefined = body.spec?.namespace || undefined;
      // Members of system:masters pass every check before RBAC is asked, so their rules are "everything".
      const status = user.groups.includes("system:masters")
        ? { resourceRules: [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }], nonResourceRules: [{ verbs: ["*"], nonResourceURLs: ["*"] }], incomplete: false }
        : (options.authorizer.rulesFor?.(user, namespace) ?? { resourceRules: [], nonResourceRules: [], incomplete: true });
      return sendJson(res, 201, { kind: "SelfSubjectRulesReview", apiVersion: "authorization.k8s.io/v1", metadata: { creationTimestamp: null }, spec: { namespace: namespace ?? "" }, status });
    }
    return handleResourceRequest(deps, { req, res, info, query, user });
  }

  function handleNonResource(res: ServerResponse, path: string, method: string): void {
    if (method !== "GET" && method !== "HEAD") throw new StatusError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
    const parts = path.split("/").filter(Boolean);
    const host = `127.0.0.1:${listeningPort}`;
    if (path === "/api") return sendJson(res, 200, apiVersions(host));
    if (path === "/apis") return sendJson(res, 200, apiGroupList(discoverable));
    if (parts[0] === "api" && parts.length === 2) {
      const list = apiResourceList(discoverable, "", parts[1]);
      if (list) return sendJson(res, 200, list);
    }
    if (parts[0] === "apis" && parts.length === 2) {
      const group = apiGroup(discoverable, parts[1]);
      if (group) return sendJson(res, 200, group);
    }
    if (parts[0] === "apis" && parts.length === 3) {
      const list = apiResourceList(discoverable, parts[1], parts[2]);
      if (list) return sendJson(res, 200, list);
    }
    if (path === "/openapi/v3") return sendJson(res, 200, openApiRoot(restResources, version.gitVersion));
    if (parts[0] === "openapi" && parts[1] === "v3") {
      const rest = parts.slice(2);
      const doc =
        rest[0] === "api" && rest.length === 2 ? openApiDocument(restResources, "", rest[1], version.gitVersion)
        : rest[0] === "apis" && rest.length === 3 ? openApiDocument(restResources, rest[1], rest[2], version.gitVersion)
        : undefined;
      if (doc) return sendJson(res, 200, doc);
    }
    throw new StatusError(404, "NotFound", "the server could not find the requested resource");
  }

  async function handleSimEndpoint(req: IncomingMessage, res: ServerResponse, path: string, method: string): Promise<void> {
    if (path === "/_sim/requests") {
      if (method === "GET") return sendJson(res, 200, { items: requestLog.list() });
      if (method === "DELETE") {
        requestLog.clear();
        return sendJson(res, 200, { items: [] });
      }
    }
    if (path === "/_sim/faults") {
      if (method === "GET") return sendJson(res, 200, faults.faults);
      if (method === "POST") {
        const body = parseBody(await readBody(req)) as FaultAction;
        return sendJson(res, 200, faults.apply(body));
      }
    }
    throw new StatusError(404, "NotFound", "the server could not find the requested resource");
  }

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((err) => {
      if (res.headersSent) {
        if (!res.writableEnded) res.end();
        return;
      }
      sendError(res, err);
    });
  };
  const server = createServer(onRequest);
  server.keepAliveTimeout = 30_000;
  const tlsServer: HttpsServer | undefined = options.tls ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert, ciphers: GO_CIPHER_ORDER, honorCipherOrder: true }, onRequest) : undefined;
  if (tlsServer) tlsServer.keepAliveTimeout = 30_000;
  // One port, two protocols: the first byte of a TLS connection is a handshake record (0x16), which no HTTP
  // request starts with, so each connection is handed to the matching server.
  const sockets = new Set<Socket>();
  const listener = createNetServer((socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    // Watch events are small writes; Nagle's algorithm would hold each behind the previous one's ACK.
    socket.setNoDelay(true);
    socket.once("readable", function route() {
      const first = socket.read(1) as Buffer | null;
      if (first === null) {
        if (!socket.destroyed) socket.once("readable", route);
        return;
      }
      socket.unshift(first);
      (first[0] === 0x16 && tlsServer ? tlsServer : server).emit("connection", socket);
    });
    socket.on("error", () => socket.destroy());
  });
  let listeningPort = 0;

  return {
    server,
    requestLog,
    faults,
    tls: Boolean(tlsServer),
    listen(port, host = "127.0.0.1") {
      return new Promise((resolve, reject) => {
        listener.once("error", reject);
        listener.listen(port, host, () => {
          listener.off("error", reject);
          listeningPort = (listener.address() as AddressInfo).port;
          resolve(listeningPort);
        });
      });
    },
    close() {
      unsubscribeDrop();
      endAllStreams();
      return new Promise((resolve) => {
        listener.close(() => resolve());
        // Idle keep-alive and half-open TLS sockets would otherwise hold close() until they time out.
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}
