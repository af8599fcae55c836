{{/* Chart name, overridable. */}}
{{- define "tscam-server.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Fully qualified app name; the release name alone when it already contains the chart name. */}}
{{- define "tscam-server.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "tscam-server.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "tscam-server.labels" -}}
helm.sh/chart: {{ include "tscam-server.chart" . }}
{{ include "tscam-server.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "tscam-server.selectorLabels" -}}
app.kubernetes.io/name: {{ include "tscam-server.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "tscam-server.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "tscam-server.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The CPU image, or the CUDA image (Dockerfile.cuda) when gpu.enabled. */}}
{{- define "tscam-server.image" -}}
{{- if .Values.gpu.enabled }}
{{- $repository := default .Values.image.repository .Values.gpu.image.repository }}
{{- $tag := default (printf "%s-cuda" .Chart.AppVersion) .Values.gpu.image.tag }}
{{- printf "%s:%s" $repository $tag }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* Where the application reads its model package. */}}
{{- define "tscam-server.modelDir" -}}
{{- if eq .Values.model.source "image" }}
{{- .Values.model.imageDir }}
{{- else }}
{{- .Values.model.mountPath }}
{{- end }}
{{- end }}

{{- define "tscam-server.device" -}}
{{- if .Values.gpu.enabled }}cuda{{ else }}{{ .Values.config.device }}{{ end }}
{{- end }}

{{/*
Checks the auth.* values; an Ingress without authentication must be asked for explicitly.
*/}}
{{- define "tscam-server.validateAuth" -}}
{{- $mode := .Values.auth.mode }}
{{- if not (has $mode (list "none" "api-key" "jwt")) }}
{{- fail (printf "auth.mode must be none, api-key or jwt, not %q" $mode) }}
{{- end }}
{{- if and (eq $mode "api-key") (not .Values.auth.existingSecret) }}
{{- fail "auth.mode=api-key needs auth.existingSecret (a Secret holding the API key file)" }}
{{- end }}
{{- if and (eq $mode "jwt") (not .Values.auth.jwt.audience) }}
{{- fail "auth.mode=jwt needs auth.jwt.audience" }}
{{- end }}
{{- if and (eq $mode "jwt") (not (or .Values.auth.jwt.issuerUri .Values.auth.jwt.jwkSetUri)) }}
{{- fail "auth.mode=jwt needs auth.jwt.issuerUri or auth.jwt.jwkSetUri" }}
{{- end }}
{{- if and .Values.ingress.enabled (eq $mode "none") (not .Values.auth.allowAnonymous) }}
{{- fail "ingress.enabled=true with auth.mode=none publishes an API anyone can call: set auth.mode=api-key or jwt, or auth.allowAnonymous=true to publish it open on purpose" }}
{{- end }}
{{- end }}

{{/*
Where the API key Secret is mounted, and the key file in it.
*/}}
{{- define "tscam-server.apiKeysDir" -}}
/etc/tscam/api-keys
{{- end }}

{{/*
"true" when the autoscaler is KEDA's ScaledObject (on the queue), "" otherwise.
*/}}
{{- define "tscam-server.keda" -}}
{{- if and (eq .Values.autoscaling.metric "queue") .Values.autoscaling.keda.enabled }}true{{ end }}
{{- end }}

{{/*
The images waiting for a batch in this release's pods, summed (each pod's gauge averaged over a
minute, so one scrape taken mid-batch does not move the replica count).
*/}}
{{- define "tscam-server.queueQuery" -}}
{{- if .Values.autoscaling.queue.query }}
{{- .Values.autoscaling.queue.query }}
{{- else }}
{{- printf "sum(avg_over_time(tscam_queue_depth{namespace=%q,service=%q}[1m]))" .Release.Namespace (include "tscam-server.fullname" .) }}
{{- end }}
{{- end }}

{{/*
Checks the autoscaling.* values.
*/}}
{{- define "tscam-server.validateAutoscaling" -}}
{{- $metric := .Values.autoscaling.metric }}
{{- if not (has $metric (list "cpu" "queue")) }}
{{- fail (printf "autoscaling.metric must be cpu or queue, not %q" $metric) }}
{{- end }}
{{- if and .Values.autoscaling.keda.enabled (ne $metric "queue") }}
{{- fail "autoscaling.keda.enabled scales on the queue: set autoscaling.metric=queue" }}
{{- end }}
{{- end }}
