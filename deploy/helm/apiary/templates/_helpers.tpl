{{/* The release's full name: the release name, with the chart's name appended unless it already contains it. */}}
{{- define "apiary.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "apiary.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "apiary.labels" -}}
{{ include "apiary.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "apiary.serviceAccountName" -}}
{{- default (include "apiary.fullname" .) .Values.serviceAccount.name -}}
{{- end -}}

{{/* The Secret holding DATABASE_URL, REDIS_URL, APIARY_SECRET_KEY, …: the operator's, else the chart's. */}}
{{- define "apiary.secretName" -}}
{{- default (include "apiary.fullname" .) .Values.existingSecret -}}
{{- end -}}

{{- define "apiary.tokenSecretName" -}}
{{- default (printf "%s-registry-token" (include "apiary.fullname" .)) .Values.registry.tokenSigningKey.existingSecret -}}
{{- end -}}

{{/* Settings that cannot work are refused at render time, naming the value to set. */}}
{{- define "apiary.validate" -}}
{{- if not .Values.registry.url -}}
{{- fail "registry.url is required: the URL of the CNCF Distribution registry the image hub fronts (e.g. http://registry.registry.svc:5000)" -}}
{{- end -}}
{{- if and (gt (int .Values.replicaCount) 1) (not .Values.existingSecret) -}}
{{- if not .Values.database.url -}}
{{- fail "database.url is required with more than one replica (several replicas share one PostgreSQL), or give DATABASE_URL in existingSecret" -}}
{{- end -}}
{{- if not .Values.redis.url -}}
{{- fail "redis.url is required with more than one replica (several replicas share rate limits and the change feed through Redis), or give REDIS_URL in existingSecret" -}}
{{- end -}}
{{- end -}}
{{- if and .Values.admin.email (not .Values.admin.password) (not .Values.existingSecret) -}}
{{- fail "admin.password is required with admin.email (at least 10 characters)" -}}
{{- end -}}
{{- end -}}
