{{/* Chart name, truncated to the 63 characters a label value allows. */}}
{{- define "sparkbench-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: the release name, plus the chart name unless the release name already holds it. */}}
{{- define "sparkbench-operator.fullname" -}}
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

{{- define "sparkbench-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "sparkbench-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sparkbench-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "sparkbench-operator.labels" -}}
helm.sh/chart: {{ include "sparkbench-operator.chart" . }}
{{ include "sparkbench-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: sparkbench
{{- end }}

{{- define "sparkbench-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "sparkbench-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "sparkbench-operator.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* Namespaces where benchmarks (and so Spark drivers) run: the watched ones, or the release namespace. */}}
{{- define "sparkbench-operator.benchmarkNamespaces" -}}
{{- if .Values.watchNamespaces }}
{{- join "," (uniq .Values.watchNamespaces) }}
{{- else }}
{{- .Release.Namespace }}
{{- end }}
{{- end }}

{{/* Refuses settings that would install a broken operator. */}}
{{- define "sparkbench-operator.validate" -}}
{{- if and (gt (int .Values.replicas) 1) (not .Values.leaderElection.enabled) }}
{{- fail (printf "replicas=%d needs leaderElection.enabled=true: without leader election every replica would reconcile the same ScalingBenchmarks" (int .Values.replicas)) }}
{{- end }}
{{- end }}

{{/* Where users open the History Server: historyServer.url, else its Service in the cluster. */}}
{{- define "sparkbench-operator.historyServerUrl" -}}
{{- if .Values.historyServer.url -}}
{{- .Values.historyServer.url -}}
{{- else -}}
{{- printf "http://%s-history.%s.svc:%v" (include "sparkbench-operator.fullname" .) .Release.Namespace .Values.historyServer.port -}}
{{- end -}}
{{- end }}
