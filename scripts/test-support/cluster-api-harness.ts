import { setWatchCacheForTests } from "@/lib/server/kubernetes/get-watch-cache";
import { getKubeConfig, setKubeconfigPathForTests } from "@/lib/server/kubernetes/kube-config";
import { createWatchCache, type WatchCache } from "@/lib/server/kubernetes/watch-cache";
import { startApiHarness, type ApiHarness } from "./api-test-harness";
import { startFakeRegistry, startTestCluster, type FakeImage, type FakeRegistry, type TestCluster } from "./test-cluster";

// Route tests that need a real cluster: the API harness (database, raised limits), a registry holding the images the
// pods pull, a simulated cluster the app reaches through its kubeconfig, and the app's watch cache over it, listed
// once before the first test. One stop() undoes all of it in the right order.

type ClusterOptions = NonNullable<Parameters<typeof startTestCluster>[0]>;

export interface ClusterApiHarness {
  harness: ApiHarness;
  registry: FakeRegistry;
  cluster: TestCluster;
  cache: WatchCache;
  stop(): Promise<void>;
}

export async function startClusterApiHarness(options: { images: FakeImage[]; cluster?: ClusterOptions; postgres?: boolean }): Promise<ClusterApiHarness> {
  const harness = await startApiHarness({ postgres: options.postgres });
  const registry = await startFakeRegistry({ images: options.images, anonymous: true });
  const cluster = await startTestCluster({ ...options.cluster, registryUrl: registry.url });
  setKubeconfigPathForTests(cluster.kubeconfigPath);
  const cache = createWatchCache(getKubeConfig());
  setWatchCacheForTests(cache);
  await cache.ready();
  return {
    harness,
    registry,
    cluster,
    cache,
    async stop() {
      setWatchCacheForTests(undefined);
      await cache.stop();
      await cluster.stop();
      await registry.close();
      await harness.stop();
    },
  };
}
