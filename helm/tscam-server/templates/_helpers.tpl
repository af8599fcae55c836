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

{{/*
The model package's init container (model.source=initContainer), in the pods that load the model.
*/}}
{{- define "tscam-server.modelInitContainer" -}}
{{- if eq .Values.model.source "initContainer" }}
initContainers:
  - name: fetch-model
    image: {{ .Values.model.initContainer.image }}
    command:
      {{- toYaml .Values.model.initContainer.command | nindent 6 }}
    env:
      - name: MODEL_DIR
        value: {{ .Values.model.mountPath | quote }}
      {{- with .Values.model.initContainer.env }}
      {{- toYaml . | nindent 6 }}
      {{- end }}
    securityContext:
      {{- toYaml .Values.securityContext | nindent 6 }}
    {{- with .Values.model.initContainer.resources }}
    resources:
      {{- toYaml . | nindent 6 }}
    {{- end }}
    volumeMounts:
      - name: model
        mountPath: {{ .Values.model.mountPath }}
{{- end }}
{{- end }}

{{/* The model volume's mount in a container that loads the model (none for model.source=image). */}}
{{- define "tscam-server.modelVolumeMount" -}}
{{- $source := .Values.model.source }}
{{- if ne $source "image" }}
- name: model
  mountPath: {{ .Values.model.mountPath }}
  # The URL's cache is written by the app; a package folder is only read.
  readOnly: {{ ne $source "url" }}
  {{- if and (has $source (list "pvc" "url")) .Values.model.pvc.subPath }}
  subPath: {{ .Values.model.pvc.subPath }}
  {{- end }}
{{- end }}
{{- end }}

{{/* The model volume: the package's claim, or the emptyDir an init container or the URL fills. */}}
{{- define "tscam-server.modelVolume" -}}
{{- $source := .Values.model.source }}
{{- if or (eq $source "pvc") (and (eq $source "url") .Values.model.pvc.claimName) }}
- name: model
  persistentVolumeClaim:
    claimName: {{ .Values.model.pvc.claimName }}
    readOnly: {{ eq $source "pvc" }}
{{- else if has $source (list "initContainer" "url") }}
- name: model
  emptyDir:
    sizeLimit: {{ .Values.model.sizeLimit }}
{{- end }}
{{- end }}

{{/*
Container resources, with the GPU limit added when gpu.enabled. Takes (dict "root" $ "resources" X).
*/}}
{{- define "tscam-server.resources" -}}
{{- $resources := deepCopy .resources }}
{{- if .root.Values.gpu.enabled }}
{{- $limits := default dict $resources.limits }}
{{- $_ := set $limits .root.Values.gpu.resourceName (.root.Values.gpu.count | int64) }}
{{- $_ := set $resources "limits" $limits }}
{{- end }}
{{- toYaml $resources }}
{{- end }}

{{/* nodeSelector, tolerations and affinity of the pods that run the model (GPU nodes when asked). */}}
{{- define "tscam-server.scheduling" -}}
{{- $nodeSelector := .Values.nodeSelector }}
{{- if .Values.gpu.enabled }}
{{- $nodeSelector = merge (deepCopy .Values.nodeSelector) .Values.gpu.nodeSelector }}
{{- end }}
{{- with $nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- $tolerations := .Values.tolerations }}
{{- if .Values.gpu.enabled }}
{{- $tolerations = concat .Values.tolerations .Values.gpu.tolerations }}
{{- end }}
{{- with $tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/*
Labels of the label Jobs' pods: not the server's selector labels (app.kubernetes.io/name is
"<name>-label"), so the Service, the PodDisruptionBudget and the NetworkPolicy never take them
for server pods.
*/}}
{{- define "tscam-server.labelJobPodLabels" -}}
app.kubernetes.io/name: {{ include "tscam-server.name" . }}-label
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: label
{{- end }}
