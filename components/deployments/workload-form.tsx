"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";

import { ImageSuggestions } from "@/components/deployments/image-suggestions";
import { SectionTabs } from "@/components/deployments/section-tabs";
import { WorkloadPriceEstimate } from "@/components/billing/workload-price-estimate";
import { containerSize } from "@/lib/contracts/container-sizes";
import { WorkloadFormFields } from "@/components/deployments/workload-form-fields";
import { toWorkloadSpecInput, type WorkloadFormState } from "@/components/deployments/workload-form-state";
import { Button } from "@/components/ui/button";
import { InlineError } from "@/components/ui/inline-error";
import { Notice } from "@/components/ui/notice";
import { inputStyles } from "@/components/ui/text-field";
import { useToast } from "@/components/ui/toast-provider";
import { describeApiError } from "@/lib/client/describe-api-error";
import { serverFieldErrors } from "@/lib/client/server-field-errors";
import { useTenantAccess } from "@/lib/client/use-tenant-access";
import { useCreateWorkload, usePreviewWorkload, useUpdateWorkload, type WorkloadSource } from "@/lib/client/use-workloads";
import { validateForm, type FieldErrors } from "@/lib/client/validate-form";
import { WorkloadSpec } from "@/lib/contracts/workloads";
import { useT } from "@/lib/i18n/i18n-provider";

/** The dry run waits for typing to pause this long before asking the server again. */
const PREVIEW_DELAY_MS = 400;

/** Server field names are `spec.image` (or `body.spec.image`, trimmed by serverFieldErrors); the form's are `image`. */
function specFieldErrors(error: unknown): FieldErrors {
  const errors: FieldErrors = {};
  for (const [field, message] of Object.entries(serverFieldErrors(error))) {
    errors[field.startsWith("spec.") ? field.slice("spec.".length) : field] ??= message;
  }
  return errors;
}

/**
 * Deploy (create) or edit a workload: the form, validated with the contract's WorkloadSpec before anything is
 * sent, and (on create) a YAML tab with the server's dry-run of what it will apply, editable and re-validated.
 */
export function WorkloadForm({ tenant, mode, initial }: { tenant: string; mode: "create" | "edit"; initial: WorkloadFormState }) {
  const t = useT();
  const router = useRouter();
  const toast = useToast();
  const { can, isPending: accessPending } = useTenantAccess(tenant);
  const create = useCreateWorkload(tenant);
  const update = useUpdateWorkload(tenant, initial.name);
  const preview = usePreviewWorkload(tenant);
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [tab, setTab] = useState<"form" | "yaml">("form");
  const [yaml, setYaml] = useState("");
  const [yamlEdited, setYamlEdited] = useState(false);
  const [yamlChecked, setYamlChecked] = useState<"valid" | null>(null);
  const [warnings, setWarnings] = useState<string[]>([]);
  const [submitError, setSubmitError] = useState<unknown>(null);
  const previewedFor = useRef<string | null>(null);
  const denied = accessPending || can("deployments:write") ? undefined : t("deployments.cannotWrite");
  const saving = create.isPending || update.isPending;

  function change(next: Partial<WorkloadFormState>) {
    setForm((current) => ({ ...current, ...next }));
  }

  // Opening the YAML tab (and editing the form behind it) asks the server for the YAML it would apply.
  useEffect(() => {
    if (tab !== "yaml" || yamlEdited || mode !== "create") return;
    const checked = WorkloadSpec.safeParse(toWorkloadSpecInput(form));
    if (!checked.success) return;
    const key = JSON.stringify(checked.data);
    if (previewedFor.current === key) return;
    const timer = setTimeout(() => {
      previewedFor.current = key;
      preview.mutate(
        { spec: checked.data },
        {
          onSuccess: (result) => {
            setYaml(result.yaml);
            setWarnings(result.warnings);
          },
        },
      );
    }, PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
    // preview.mutate is stable; the form and the tab are what matter.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tab, form, yamlEdited, mode]);

  const formInvalidForPreview = tab === "yaml" && !yamlEdited && !WorkloadSpec.safeParse(toWorkloadSpecInput(form)).success;

  function validateYaml() {
    setYamlChecked(null);
    preview.mutate(
      { yaml },
      {
        onSuccess: (result) => {
          setWarnings(result.warnings);
          setYamlChecked("valid");
        },
      },
    );
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitError(null);
    let body: WorkloadSource;
    if (mode === "create" && yamlEdited) {
      body = { yaml };
    } else {
      const checked = validateForm(WorkloadSpec, toWorkloadSpecInput(form), t);
      if (!checked.success) {
        setErrors(checked.errors);
        setTab("form");
        return;
      }
      body = { spec: checked.data };
    }
    setErrors({});
    const onError = (error: unknown) => {
      setErrors(specFieldErrors(error));
      setSubmitError(error);
    };
    if (mode === "create") {
      create.mutate(body, {
        onSuccess: (detail) => {
          toast("success", t("deployForm.deployed", { name: detail.name }));
          router.push(`/${tenant}/deployments/${encodeURIComponent(detail.name)}`);
        },
        onError,
      });
    } else {
      update.mutate(body, {
        onSuccess: (detail) => {
          toast("success", t("deployForm.saved", { name: detail.name }));
          router.push(`/${tenant}/deployments/${encodeURIComponent(detail.name)}`);
        },
        onError,
      });
    }
  }

  const fieldErrorCount = Object.keys(errors).length;
  const formPanel = (
    <div className="space-y-4">
      <WorkloadFormFields form={form} update={change} errors={errors} mode={mode} imageListId="workload-image-suggestions" />
      <WorkloadPriceEstimate tenant={tenant} cpuMillicores={containerSize(form.size).cpuMillicores} memoryMiB={containerSize(form.size).memoryMiB} replicas={form.replicas} />
    </div>
  );

  const yamlPanel = (
    <div className="space-y-3">
      <div aria-live="polite" className="space-y-3">
        {yamlEdited && submitError ? (
          <InlineError title={t("deployForm.deployFailed")}>{describeApiError(t, submitError)}</InlineError>
        ) : null}
        {formInvalidForPreview ? <Notice tone="warning">{t("deployForm.yamlNeedsValidForm")}</Notice> : null}
        {preview.isPending ? <p className="text-sm text-muted-foreground">{t("deployForm.yamlLoading")}</p> : null}
        {preview.isError ? <InlineError title={t("deployForm.yamlInvalid")}>{describeApiError(t, preview.error)}</InlineError> : null}
        {yamlChecked === "valid" && !preview.isPending && !preview.isError ? <Notice>{t("deployForm.yamlValid")}</Notice> : null}
        {warnings.length > 0 ? (
          <Notice tone="warning">
            <p className="font-medium">{t("deployForm.yamlWarnings")}</p>
            <ul className="mt-1 list-disc pl-5">
              {warnings.map((warning) => (
                <li key={warning}>{warning}</li>
              ))}
            </ul>
          </Notice>
        ) : null}
        {yamlEdited ? <Notice>{t("deployForm.yamlEditedNotice")}</Notice> : null}
      </div>
      <label htmlFor="workload-yaml" className="block text-sm font-medium text-foreground">
        {t("deployForm.yamlLabel")}
      </label>
      <textarea
        id="workload-yaml"
        rows={24}
        spellCheck={false}
        value={yaml}
        onChange={(event) => {
          setYaml(event.target.value);
          setYamlEdited(true);
          setYamlChecked(null);
        }}
        className={`${inputStyles} h-auto py-2 font-mono text-xs leading-5`}
      />
      <div className="flex flex-wrap gap-2">
        <Button onClick={validateYaml} disabled={!yaml.trim() || preview.isPending}>
          {preview.isPending ? t("deployForm.validating") : t("deployForm.validate")}
        </Button>
        {yamlEdited ? (
          <Button
            variant="ghost"
            onClick={() => {
              setYamlEdited(false);
              setYamlChecked(null);
              previewedFor.current = null;
            }}
          >
            {t("deployForm.yamlDiscard")}
          </Button>
        ) : null}
      </div>
    </div>
  );

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-6">
      <ImageSuggestions id="workload-image-suggestions" tenant={tenant} image={form.image} />
      {mode === "create" ? (
        <SectionTabs
          label={t("deployForm.tabsLabel")}
          tabs={[
            { id: "form", label: t("deployForm.tabForm") },
            { id: "yaml", label: t("deployForm.tabYaml") },
          ]}
          selected={tab}
          onSelect={setTab}
        >
          {tab === "form" ? formPanel : yamlPanel}
        </SectionTabs>
      ) : (
        formPanel
      )}
      <div aria-live="polite">
        {fieldErrorCount > 0 && !submitError ? <InlineError title={t("deployForm.fixFields")} /> : null}
        {submitError && !(yamlEdited && tab === "yaml") ? (
          <InlineError title={mode === "create" ? t("deployForm.deployFailed") : t("deployForm.saveFailed")}>
            {describeApiError(t, submitError, { conflict: mode === "create" ? t("deployForm.nameTaken", { name: form.name }) : undefined })}
          </InlineError>
        ) : null}
      </div>
      <div className="flex flex-wrap justify-end gap-2 border-t border-border pt-4">
        <Button onClick={() => router.back()}>{t("common.cancel")}</Button>
        <Button type="submit" variant="primary" disabled={saving || accessPending} disabledReason={denied}>
          {mode === "create" ? (saving ? t("deployForm.deploying") : t("deployForm.deploy")) : saving ? t("deployForm.saving") : t("deployForm.save")}
        </Button>
      </div>
    </form>
  );
}
