{{/*
Expand the name of the chart.
*/}}
{{- define "logforge.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Create a default fully qualified app name.
We truncate at 63 chars because some Kubernetes name fields are limited to this (by the DNS naming spec).
If release name contains chart name it will be used as a full name.
*/}}
{{- define "logforge.fullname" -}}
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

{{/*
Create chart name and version as used by the chart label.
*/}}
{{- define "logforge.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels
*/}}
{{- define "logforge.labels" -}}
helm.sh/chart: {{ include "logforge.chart" . }}
{{ include "logforge.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: logforge
{{- end }}

{{/*
Selector labels. The component (api, archiver) is added by each workload.
*/}}
{{- define "logforge.selectorLabels" -}}
app.kubernetes.io/name: {{ include "logforge.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Create the name of the service account to use
*/}}
{{- define "logforge.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "logforge.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The runtime secret holding API keys and MinIO credentials: logforge-<environment>-runtime unless named.
*/}}
{{- define "logforge.runtimeSecretName" -}}
{{- default (printf "logforge-%s-runtime" .Values.environment) .Values.runtimeSecret.name }}
{{- end }}

{{/*
Container image reference: repository:tag, or repository:tag@digest when image.digest is set (Release and Promote
pin it), so a node pulls exactly the image staging verified even if the tag is pushed again.
*/}}
{{- define "logforge.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s:%s@%s" .Values.image.repository .Values.image.tag .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository .Values.image.tag }}
{{- end }}
{{- end }}

{{/*
Environment shared by the API and the archiver: the ConfigMap (non-secret LOGFORGE_* settings)
and the secret LOGFORGE_* settings from the runtime secret (docs/configuration.md).
*/}}
{{- define "logforge.env" -}}
envFrom:
  - configMapRef:
      name: {{ include "logforge.fullname" . }}
env:
  - name: LOGFORGE_API_KEYS
    valueFrom:
      secretKeyRef:
        name: {{ include "logforge.runtimeSecretName" . }}
        key: {{ .Values.runtimeSecret.keys.apiKeys }}
{{- if eq .Values.storage.backend "minio" }}
  - name: LOGFORGE_MINIO_ACCESS_KEY
    valueFrom:
      secretKeyRef:
        name: {{ include "logforge.runtimeSecretName" . }}
        key: {{ .Values.runtimeSecret.keys.minioAccessKey }}
  - name: LOGFORGE_MINIO_SECRET_KEY
    valueFrom:
      secretKeyRef:
        name: {{ include "logforge.runtimeSecretName" . }}
        key: {{ .Values.runtimeSecret.keys.minioSecretKey }}
{{- end }}
{{- end }}

{{/*
Pod-level settings shared by the API and the archiver.
*/}}
{{- define "logforge.podSpecCommon" -}}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
serviceAccountName: {{ include "logforge.serviceAccountName" . }}
automountServiceAccountToken: {{ .Values.serviceAccount.automount }}
{{- with .Values.podSecurityContext }}
securityContext:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}
