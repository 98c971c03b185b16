import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";

import { sampleDetail } from "@/components/deployments/sample-workloads";
import { WorkloadFormFields } from "@/components/deployments/workload-form-fields";
import { emptyWorkloadForm, toWorkloadSpecInput, workloadFormFromSpec, type WorkloadFormState } from "@/components/deployments/workload-form-state";
import { validateForm, type FieldErrors } from "@/lib/client/validate-form";
import { WorkloadSpec } from "@/lib/contracts/workloads";
import { I18nProvider } from "@/lib/i18n/i18n-provider";
import { en } from "@/lib/i18n/messages/en";
import { createTranslator } from "@/lib/i18n/translate";

const t = createTranslator(en);

function validate(form: WorkloadFormState) {
  return validateForm(WorkloadSpec, toWorkloadSpecInput(form), t);
}

function renderFields(form: WorkloadFormState, errors: FieldErrors): string {
  return renderToString(
    <I18nProvider locale="en" messages={en}>
      <QueryClientProvider client={new QueryClient()}>
        <WorkloadFormFields form={form} update={() => {}} errors={errors} mode="create" />
      </QueryClientProvider>
    </I18nProvider>,
  );
}

describe("deploy form validation", () => {
  it("accepts a filled-in form and turns its text into the spec the server expects", () => {
    const form: WorkloadFormState = {
      ...emptyWorkloadForm("registry.local:5000/acme/web:v1"),
      name: "web",
      replicas: "4",
      containerPort: "8080",
      service: "NodePort",
      servicePort: "80",
      env: [{ key: 1, name: "MODE", value: "prod" }],
      readinessProbe: { type: "http", path: "/healthz", port: "8080", command: "", initialDelaySeconds: "2", periodSeconds: "5", failureThreshold: "3" },
      preStop: "sleep",
      preStopSeconds: "5",
      maxSurge: "1",
      maxUnavailable: "0",
    };
    const result = validate(form);
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.data).toMatchObject({
      name: "web",
      replicas: 4,
      containerPort: 8080,
      service: { type: "NodePort", port: 80 },
      env: [{ name: "MODE", value: "prod" }],
      readinessProbe: { type: "http", path: "/healthz", port: 8080, initialDelaySeconds: 2, periodSeconds: 5, failureThreshold: 3 },
      preStop: { type: "sleep", seconds: 5 },
      strategy: { maxSurge: "1", maxUnavailable: "0" },
      volume: null,
    });
  });

  it("names each wrong field next to which its message goes", () => {
    const result = validate({
      ...emptyWorkloadForm("Not An Image"),
      name: "Web_1",
      maxSurge: "two",
      readinessProbe: { type: "http", path: "healthz", port: "", command: "", initialDelaySeconds: "0", periodSeconds: "10", failureThreshold: "3" },
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(Object.keys(result.errors).sort()).toEqual(["image", "name", "readinessProbe.path", "readinessProbe.port", "strategy.maxSurge"]);
    expect(result.errors["readinessProbe.port"]).toBe(en.validation.required);
  });

  it("then checks rules across fields: a duplicated variable, a Service without a port, surge and unavailable both 0", () => {
    const result = validate({
      ...emptyWorkloadForm("nginx:1.27"),
      name: "web",
      env: [
        { key: 1, name: "MODE", value: "a" },
        { key: 2, name: "MODE", value: "b" },
      ],
      service: "ClusterIP",
      maxSurge: "0",
      maxUnavailable: "0%",
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.errors["env.1.name"]).toBe("MODE is set twice");
    // An empty field reads as "Required." (validateForm), which is what the Service asks of it.
    expect(result.errors.containerPort).toBe(en.validation.required);
    expect(result.errors["strategy.maxUnavailable"]).toBe("maxSurge and maxUnavailable cannot both be 0");
  });

  it("rejects a pre-stop sleep as long as the grace period", () => {
    const result = validate({ ...emptyWorkloadForm("nginx:1.27"), name: "web", preStop: "sleep", preStopSeconds: "30", terminationGracePeriodSeconds: "30" });
    expect(result.success).toBe(false);
    if (!result.success) expect(result.errors["preStop.seconds"]).toBe("must be shorter than terminationGracePeriodSeconds");
  });

  it("fills the form from a workload's spec so that saving unchanged sends the same spec (Edit)", () => {
    const spec = sampleDetail("web").spec;
    const result = validate(workloadFormFromSpec(spec));
    expect(result.success).toBe(true);
    if (result.success) expect(result.data).toEqual(spec);
  });

  it("shows each message next to its field", () => {
    const form = { ...emptyWorkloadForm(""), kind: "StatefulSet" as const };
    const html = renderFields(form, { name: "Required.", image: "an image reference such as registry.example.com/team/app:v1", "volume.sizeGiB": "Must be at least 1." });
    expect(html).toMatch(/id="workload-name"[^>]*aria-describedby="workload-name-error[^"]*"[^>]*aria-invalid="true"/);
    expect(html).toContain('id="workload-name-error" class="text-xs font-medium text-danger">Required.</p>');
    expect(html).toContain('id="workload-image-error" class="text-xs font-medium text-danger">an image reference such as registry.example.com/team/app:v1</p>');
    expect(html).toContain('id="workload-volume-size-error" class="text-xs font-medium text-danger">Must be at least 1.</p>');
    // Sizes read as CPU and memory, not as ids.
    expect(html).toContain("250m vCPU · 512 MiB");
  });
});
