// The app's tests start a simulated cluster in-process through this seam: the harness may import sim/, the app may
// not (lint). The code under test still reaches the cluster only over HTTP, through the kubeconfig it writes.
export { startTestCluster, type TestCluster } from "../../sim/test-support/start-test-cluster";
// A tiny OCI registry for tests whose pods must pull an image (anonymous: true lets any pod pull).
export { startFakeRegistry, type FakeImage, type FakeRegistry } from "../../sim/kubelet/fake-registry";
// Fault tests stop the cluster and start it again from its state file on the same port (an API server restart).
export { startCluster, type ClusterOptions, type RunningCluster } from "../../sim/cluster";
