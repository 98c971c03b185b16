import { jsonEqual } from "../patch/json-patch";
import { StatusError, type ClusterApi, type Controller, type KObject, type ObjectMeta, type WatchEvent } from "../core/types";
import { createKeyedWorkQueue } from "./keyed-work-queue";

// The endpoints controller (pkg/controller/endpoint): for each Service with a selector, an Endpoints object of
// the same name lists the matching pods — ready ones in `addresses`, the rest in `notReadyAddresses` — with
// the ports the Service targets, named targetPorts resolved against each pod's container ports. This is what
// `kubectl describe svc` shows as Endpoints and what `kubectl get ep` lists.

type Labels = Record<string, string>;

interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef: { kind: "Pod"; namespace: string; name: string; uid: string };
}

interface EndpointPort {
  name?: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

function selects(selector: Labels, labels: Labels | undefined): boolean {
  for (const [key, value] of Object.entries(selector)) if (labels?.[key] !== value) return false;
  return true;
}

function isReady(pod: KObject): boolean {
  return (pod.status?.conditions ?? []).some((c: any) => c.type === "Ready" && c.status === "True");
}

/** ShouldPodBeInEndpoints: pods without an IP, finished pods and (unless published anyway) terminating pods are left out. */
function belongsInEndpoints(pod: KObject, publishNotReady: boolean): boolean {
  if (!pod.status?.podIP) return false;
  if (!publishNotReady && pod.metadata.deletionTimestamp) return false;
  const phase = pod.status?.phase;
  const restartPolicy = pod.spec?.restartPolicy ?? "Always";
  if (restartPolicy === "Never") return phase !== "Failed" && phase !== "Succeeded";
  if (restartPolicy === "OnFailure") return phase !== "Succeeded";
  return true;
}

function resolveTargetPort(pod: KObject, servicePort: any): number | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  if (typeof target === "number") return target;
  if (/^\d+$/.test(String(target))) return Number(target);
  const protocol = servicePort.protocol ?? "TCP";
  for (const container of pod.spec?.containers ?? []) {
    for (const port of container.ports ?? []) {
      if (port.name === target && (port.protocol ?? "TCP") === protocol) return port.containerPort;
    }
  }
  return undefined;
}

/** What of a pod the Endpoints depend on; an update that changes none of it (most kubelet status writes) is skipped. */
function endpointRelevant(pod: KObject | undefined): string {
  if (!pod) return "";
  const ports = (pod.spec?.containers ?? []).map((c: any) => c.ports ?? []);
  return JSON.stringify([pod.status?.podIP, pod.spec?.nodeName, pod.metadata.deletionTimestamp, pod.status?.phase, isReady(pod), ports]);
}

/** Builds subsets as the real controller's RepackSubsets does: ports offered by the same set of addresses share a subset. */
export function computeSubsets(service: KObject, pods: KObject[]): unknown[] {
  const publishNotReady = service.spec?.publishNotReadyAddresses === true;
  const servicePorts: any[] = service.spec?.ports ?? [];
  const byPort = new Map<string, { port?: EndpointPort; ready: Map<string, EndpointAddress>; notReady: Map<string, EndpointAddress> }>();

  for (const pod of pods) {
    if (!belongsInEndpoints(pod, publishNotReady)) continue;
    const address: EndpointAddress = {
      ip: pod.status.podIP,
      // A StatefulSet pod whose subdomain is this (headless) service gets a DNS name, which Endpoints record.
      ...(pod.spec?.hostname && pod.spec?.subdomain === service.metadata.name ? { hostname: pod.spec.hostname } : {}),
      ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
      targetRef: { kind: "Pod", namespace: pod.metadata.namespace ?? "", name: pod.metadata.name ?? "", uid: pod.metadata.uid ?? "" },
    };
    const ready = publishNotReady || isReady(pod);
    const offers: (EndpointPort | undefined)[] = servicePorts.length === 0 ? [undefined] : [];
    for (const servicePort of servicePorts) {
      const port = resolveTargetPort(pod, servicePort);
      if (port === undefined) continue;
      offers.push({
        ...(servicePort.name ? { name: servicePort.name } : {}),
        port,
        protocol: servicePort.protocol ?? "TCP",
        ...(servicePort.appProtocol ? { appProtocol: servicePort.appProtocol } : {}),
      });
    }
    for (const port of offers) {
      const key = JSON.stringify(port ?? null);
      let entry = byPort.get(key);
      if (!entry) byPort.set(key, (entry = { port, ready: new Map(), notReady: new Map() }));
      (ready ? entry.ready : entry.notReady).set(address.ip, address);
    }
  }

  const byAddresses = new Map<string, { addresses: EndpointAddress[]; notReady: EndpointAddress[]; ports: EndpointPort[] }>();
  for (const entry of byPort.values()) {
    const addresses = [...entry.ready.values()].sort((a, b) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0));
    const notReady = [...entry.notReady.values()].sort((a, b) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0));
    const key = JSON.stringify([addresses.map((a) => a.ip), notReady.map((a) => a.ip)]);
    let subset = byAddresses.get(key);
    if (!subset) byAddresses.set(key, (subset = { addresses, notReady, ports: [] }));
    if (entry.port) subset.ports.push(entry.port);
  }
  return [...byAddresses.values()].map((s) => ({
    ...(s.addresses.length ? { addresses: s.addresses } : {}),
    ...(s.notReady.length ? { notReadyAddresses: s.notReady } : {}),
    ...(s.ports.length ? { ports: s.ports } : {}),
  }));
}

export function startEndpointsController(api: ClusterApi): Controller {
  /** namespace → service name → selector, to find the services a pod change concerns without a scan. */
  const selectors = new Map<string, Map<string, Labels>>();

  function indexService(event: WatchEvent) {
    const svc = event.object;
    const namespace = svc.metadata.namespace ?? "";
    const name = svc.metadata.name ?? "";
    let services = selectors.get(namespace);
    if (event.type === "DELETED" || !svc.spec?.selector || Object.keys(svc.spec.selector).length === 0) {
      services?.delete(name);
      if (services?.size === 0) selectors.delete(namespace);
    } else {
      if (!services) selectors.set(namespace, (services = new Map()));
      services.set(name, svc.spec.selector);
    }
    queue.add(`${namespace}/${name}`);
  }

  function onPod(event: WatchEvent) {
    const namespace = event.object.metadata.namespace ?? "";
    const services = selectors.get(namespace);
    if (!services) return;
    const before = event.type === "ADDED" ? undefined : event.type === "DELETED" ? event.object : event.old;
    const after = event.type === "DELETED" ? undefined : event.object;
    if (event.type === "MODIFIED" && !before) {
      // Without the previous state there is no telling which services the pod left: recheck them all.
      for (const name of services.keys()) queue.add(`${namespace}/${name}`);
      return;
    }
    const labelsBefore = before?.metadata.labels;
    const labelsAfter = after?.metadata.labels;
    if (event.type === "MODIFIED" && jsonEqual(labelsBefore ?? {}, labelsAfter ?? {}) && endpointRelevant(before) === endpointRelevant(after)) return;
    for (const [name, selector] of services) {
      if ((before && selects(selector, labelsBefore)) || (after && selects(selector, labelsAfter))) queue.add(`${namespace}/${name}`);
    }
  }

  function sync(key: string) {
    const slash = key.indexOf("/");
    const namespace = key.slice(0, slash);
    const name = key.slice(slash + 1);
    const service = api.get("services", namespace, name);
    const existing = api.get("endpoints", namespace, name);
    if (!service) {
      if (existing) {
        try {
          api.delete("endpoints", namespace, name);
        } catch (err) {
          if (!(err instanceof StatusError && err.code === 404)) throw err;
        }
      }
      return;
    }
    const selector: Labels | undefined = service.spec?.selector;
    // Selector-less services have hand-made Endpoints; ExternalName services have none.
    if (!selector || Object.keys(selector).length === 0 || service.spec?.type === "ExternalName") return;

    // Selector keys and values are validated label syntax, so `k=v,…` is an exact rendering of the map; letting
    // the store filter saves copying every other pod of a crowded namespace.
    const labelSelector = Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(",");
    const pods = api.list("pods", { namespace, labelSelector }).filter((pod) => selects(selector, pod.metadata.labels));
    const subsets = computeSubsets(service, pods);
    const labels: Labels = { ...(service.metadata.labels ?? {}) };
    if (service.spec?.clusterIP === "None") labels["service.kubernetes.io/headless"] = "";

    if (existing && jsonEqual(existing.subsets ?? [], subsets) && jsonEqual(existing.metadata.labels ?? {}, labels)) return;
    const metadata: ObjectMeta = { ...(existing?.metadata ?? { name, namespace }), labels };
    if (Object.keys(labels).length === 0) delete metadata.labels;
    const body: KObject = { apiVersion: "v1", kind: "Endpoints", metadata, ...(subsets.length ? { subsets } : {}) };
    if (existing) {
      api.update("endpoints", body);
      return;
    }
    try {
      api.create("endpoints", body);
    } catch (err) {
      // 403: the namespace is terminating and the Service is about to go too.
      if (!(err instanceof StatusError && err.code === 403)) throw err;
    }
  }

  const queue = createKeyedWorkQueue(api.clock, sync);
  const unsubscribes = [api.subscribe("services", indexService), api.subscribe("pods", onPod)];
  for (const svc of api.list("services")) indexService({ type: "ADDED", object: svc });

  return {
    stop() {
      for (const unsubscribe of unsubscribes) unsubscribe();
      queue.stop();
    },
  };
}
