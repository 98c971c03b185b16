"use client";

import type { ReactNode } from "react";

import type { ProbeForm, WorkloadFormState } from "@/components/deployments/workload-form-state";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import { formatCpuMillicores, formatMemoryMiB } from "@/lib/client/format-quantity";
import type { FieldErrors } from "@/lib/client/validate-form";
import { CONTAINER_SIZES, ContainerSizeId } from "@/lib/contracts/container-sizes";
import { WorkloadKind } from "@/lib/contracts/workloads";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";

type Update = (change: Partial<WorkloadFormState>) => void;

function Fieldset({ legend, children, hint }: { legend: string; children: ReactNode; hint?: string }) {
  return (
    <fieldset className="space-y-4 rounded-lg border border-border p-4">
      <legend className="px-1 text-sm font-semibold text-foreground">{legend}</legend>
      {hint ? <p className="-mt-2 text-xs text-muted-foreground">{hint}</p> : null}
      {children}
    </fieldset>
  );
}

function ProbeEditor({ id, legend, probe, errors, errorPrefix, onChange }: { id: string; legend: string; probe: ProbeForm; errors: FieldErrors; errorPrefix: string; onChange: (probe: ProbeForm) => void }) {
  const t = useT();
  const set = (change: Partial<ProbeForm>) => onChange({ ...probe, ...change });
  const error = (field: string) => errors[`${errorPrefix}.${field}`];
  return (
    <Fieldset legend={legend}>
      <SelectField
        id={`${id}-type`}
        label={t("deployForm.probeType")}
        value={probe.type}
        options={[
          { value: "none", label: t("deployForm.probeNone") },
          { value: "http", label: t("deployForm.probeHttp") },
          { value: "tcp", label: t("deployForm.probeTcp") },
          { value: "command", label: t("deployForm.probeCommand") },
        ]}
        onChange={(event) => set({ type: event.target.value as ProbeForm["type"] })}
        error={errors[errorPrefix]}
      />
      {probe.type === "none" ? null : (
        <div className="grid gap-4 sm:grid-cols-2">
          {probe.type === "http" ? (
            <TextField id={`${id}-path`} label={t("deployForm.probePath")} value={probe.path} onChange={(e) => set({ path: e.target.value })} error={error("path")} spellCheck={false} />
          ) : null}
          {probe.type === "http" || probe.type === "tcp" ? (
            <TextField id={`${id}-port`} label={t("deployForm.probePort")} inputMode="numeric" value={probe.port} onChange={(e) => set({ port: e.target.value })} error={error("port")} />
          ) : null}
          {probe.type === "command" ? (
            <TextField
              id={`${id}-command`}
              className="sm:col-span-2"
              label={t("deployForm.probeCommandLabel")}
              hint={t("deployForm.commandHint")}
              value={probe.command}
              onChange={(e) => set({ command: e.target.value })}
              error={error("command")}
              spellCheck={false}
            />
          ) : null}
          <TextField id={`${id}-delay`} label={t("deployForm.initialDelay")} inputMode="numeric" value={probe.initialDelaySeconds} onChange={(e) => set({ initialDelaySeconds: e.target.value })} error={error("initialDelaySeconds")} />
          <TextField id={`${id}-period`} label={t("deployForm.period")} inputMode="numeric" value={probe.periodSeconds} onChange={(e) => set({ periodSeconds: e.target.value })} error={error("periodSeconds")} />
          <TextField id={`${id}-failures`} label={t("deployForm.failureThreshold")} inputMode="numeric" value={probe.failureThreshold} onChange={(e) => set({ failureThreshold: e.target.value })} error={error("failureThreshold")} />
        </div>
      )}
    </Fieldset>
  );
}

/**
 * Every field of the deploy form, each with its error beside it. Controlled by the parent, which owns validation
 * and submission; `mode: "edit"` locks the name and kind, which a workload cannot change.
 */
export function WorkloadFormFields({
  form,
  update,
  errors,
  mode,
  imageListId,
}: {
  form: WorkloadFormState;
  update: Update;
  errors: FieldErrors;
  mode: "create" | "edit";
  /** The id of a `<datalist>` with image suggestions from the hub. */
  imageListId?: string;
}) {
  const t = useT();
  const locale = useLocale();
  const sizeOptions = CONTAINER_SIZES.map((size) => ({
    value: size.id,
    label: t("deployForm.sizeOption", { cpu: formatCpuMillicores(size.cpuMillicores, locale), memory: formatMemoryMiB(size.memoryMiB, locale) }),
  }));
  let nextKey = form.env.reduce((max, entry) => Math.max(max, entry.key), 0) + 1;

  return (
    <div className="space-y-6">
      <Fieldset legend={t("deployForm.basics")}>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            id="workload-name"
            label={t("deployForm.name")}
            hint={t("deployForm.nameHint")}
            autoComplete="off"
            spellCheck={false}
            value={form.name}
            disabled={mode === "edit"}
            onChange={(e) => update({ name: e.target.value })}
            error={errors.name}
          />
          <SelectField
            id="workload-kind"
            label={t("deployForm.kind")}
            value={form.kind}
            disabled={mode === "edit"}
            options={[
              { value: "Deployment", label: t("deployForm.kindDeployment") },
              { value: "StatefulSet", label: t("deployForm.kindStatefulSet") },
            ]}
            onChange={(e) => update({ kind: WorkloadKind.parse(e.target.value) })}
            error={errors.kind}
          />
          <TextField
            id="workload-image"
            className="sm:col-span-2"
            label={t("deployForm.image")}
            hint={t("deployForm.imageHint")}
            autoComplete="off"
            spellCheck={false}
            list={imageListId}
            value={form.image}
            onChange={(e) => update({ image: e.target.value })}
            error={errors.image}
          />
          <SelectField
            id="workload-size"
            label={t("deployForm.size")}
            value={form.size}
            options={sizeOptions}
            onChange={(e) => update({ size: ContainerSizeId.parse(e.target.value) })}
            error={errors.size}
          />
          <TextField id="workload-replicas" label={t("deployForm.replicas")} inputMode="numeric" value={form.replicas} onChange={(e) => update({ replicas: e.target.value })} error={errors.replicas} />
        </div>
      </Fieldset>

      <Fieldset legend={t("deployForm.envLegend")} hint={t("deployForm.envHint")}>
        {form.env.length === 0 ? <p className="text-sm text-muted-foreground">{t("deployForm.envEmpty")}</p> : null}
        {form.env.map((entry, index) => (
          <div key={entry.key} className="grid gap-3 sm:grid-cols-[1fr_2fr_auto] sm:items-start">
            <TextField
              id={`env-${entry.key}-name`}
              label={t("deployForm.envName", { index: index + 1 })}
              spellCheck={false}
              autoComplete="off"
              value={entry.name}
              onChange={(e) => update({ env: form.env.map((item) => (item.key === entry.key ? { ...item, name: e.target.value } : item)) })}
              error={errors[`env.${index}.name`]}
            />
            <TextField
              id={`env-${entry.key}-value`}
              label={t("deployForm.envValue", { index: index + 1 })}
              spellCheck={false}
              autoComplete="off"
              value={entry.value}
              onChange={(e) => update({ env: form.env.map((item) => (item.key === entry.key ? { ...item, value: e.target.value } : item)) })}
              error={errors[`env.${index}.value`]}
            />
            <Button className="sm:mt-6" variant="ghost" onClick={() => update({ env: form.env.filter((item) => item.key !== entry.key) })}>
              {t("deployForm.envRemove", { index: index + 1 })}
            </Button>
          </div>
        ))}
        {errors.env ? <p className="text-xs font-medium text-danger">{errors.env}</p> : null}
        <Button size="sm" onClick={() => update({ env: [...form.env, { key: nextKey++, name: "", value: "" }] })}>
          {t("deployForm.envAdd")}
        </Button>
      </Fieldset>

      <Fieldset legend={t("deployForm.networkLegend")}>
        <div className="grid gap-4 sm:grid-cols-3">
          <TextField id="workload-container-port" label={t("deployForm.containerPort")} hint={t("deployForm.containerPortHint")} inputMode="numeric" value={form.containerPort} onChange={(e) => update({ containerPort: e.target.value })} error={errors.containerPort} />
          <SelectField
            id="workload-service"
            label={t("deployForm.service")}
            value={form.service}
            options={[
              { value: "none", label: t("deployForm.serviceNone") },
              { value: "ClusterIP", label: t("deployForm.serviceClusterIP") },
              { value: "NodePort", label: t("deployForm.serviceNodePort") },
            ]}
            onChange={(e) => update({ service: e.target.value as WorkloadFormState["service"] })}
            error={errors.service}
          />
          {form.service === "none" ? null : (
            <TextField id="workload-service-port" label={t("deployForm.servicePort")} inputMode="numeric" value={form.servicePort} onChange={(e) => update({ servicePort: e.target.value })} error={errors["service.port"]} />
          )}
        </div>
      </Fieldset>

      <ProbeEditor id="readiness" legend={t("deployForm.readinessProbe")} probe={form.readinessProbe} errors={errors} errorPrefix="readinessProbe" onChange={(probe) => update({ readinessProbe: probe })} />
      <ProbeEditor id="liveness" legend={t("deployForm.livenessProbe")} probe={form.livenessProbe} errors={errors} errorPrefix="livenessProbe" onChange={(probe) => update({ livenessProbe: probe })} />

      <Fieldset legend={t("deployForm.rolloutLegend")}>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField id="workload-max-surge" label={t("deployForm.maxSurge")} hint={t("deployForm.intOrPercentHint")} value={form.maxSurge} onChange={(e) => update({ maxSurge: e.target.value })} error={errors["strategy.maxSurge"]} />
          <TextField id="workload-max-unavailable" label={t("deployForm.maxUnavailable")} hint={t("deployForm.intOrPercentHint")} value={form.maxUnavailable} onChange={(e) => update({ maxUnavailable: e.target.value })} error={errors["strategy.maxUnavailable"] ?? errors.strategy} />
          <TextField id="workload-min-ready" label={t("deployForm.minReadySeconds")} hint={t("deployForm.minReadyHint")} inputMode="numeric" value={form.minReadySeconds} onChange={(e) => update({ minReadySeconds: e.target.value })} error={errors.minReadySeconds} />
          <TextField id="workload-progress-deadline" label={t("deployForm.progressDeadlineSeconds")} hint={t("deployForm.progressDeadlineHint")} inputMode="numeric" value={form.progressDeadlineSeconds} onChange={(e) => update({ progressDeadlineSeconds: e.target.value })} error={errors.progressDeadlineSeconds} />
        </div>
      </Fieldset>

      <Fieldset legend={t("deployForm.shutdownLegend")}>
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField
            id="workload-prestop"
            label={t("deployForm.preStop")}
            value={form.preStop}
            options={[
              { value: "none", label: t("deployForm.preStopNone") },
              { value: "sleep", label: t("deployForm.preStopSleep") },
              { value: "command", label: t("deployForm.preStopCommand") },
            ]}
            onChange={(e) => update({ preStop: e.target.value as WorkloadFormState["preStop"] })}
            error={errors.preStop}
          />
          {form.preStop === "sleep" ? (
            <TextField id="workload-prestop-seconds" label={t("deployForm.preStopSeconds")} inputMode="numeric" value={form.preStopSeconds} onChange={(e) => update({ preStopSeconds: e.target.value })} error={errors["preStop.seconds"]} />
          ) : null}
          {form.preStop === "command" ? (
            <TextField id="workload-prestop-command" label={t("deployForm.preStopCommandLabel")} hint={t("deployForm.commandHint")} spellCheck={false} value={form.preStopCommand} onChange={(e) => update({ preStopCommand: e.target.value })} error={errors["preStop.command"]} />
          ) : null}
          <TextField id="workload-grace" label={t("deployForm.terminationGrace")} inputMode="numeric" value={form.terminationGracePeriodSeconds} onChange={(e) => update({ terminationGracePeriodSeconds: e.target.value })} error={errors.terminationGracePeriodSeconds} />
        </div>
      </Fieldset>

      {form.kind === "StatefulSet" ? (
        <Fieldset legend={t("deployForm.volumeLegend")} hint={t("deployForm.volumeHint")}>
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField id="workload-volume-size" label={t("deployForm.volumeSize")} inputMode="numeric" value={form.volumeSizeGiB} onChange={(e) => update({ volumeSizeGiB: e.target.value })} error={errors["volume.sizeGiB"] ?? errors.volume} />
            <TextField id="workload-volume-path" label={t("deployForm.volumeMountPath")} spellCheck={false} value={form.volumeMountPath} onChange={(e) => update({ volumeMountPath: e.target.value })} error={errors["volume.mountPath"]} />
          </div>
        </Fieldset>
      ) : null}
    </div>
  );
}
