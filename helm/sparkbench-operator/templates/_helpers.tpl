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

{{/*
Namespaces where benchmarks (and so Spark drivers) run, joined with commas: the watched ones, or
sparkServiceAccount.namespaces when watching all (possibly none). Never the release namespace.
*/}}
{{- define "sparkbench-operator.benchmarkNamespaces" -}}
{{- if .Values.watchNamespaces }}
{{- join "," (uniq .Values.watchNamespaces) }}
{{- else }}
{{- join "," (uniq .Values.sparkServiceAccount.namespaces) }}
{{- end }}
{{- end }}

{{/* Refuses settings that would install a broken or unsafe operator. */}}
{{- define "sparkbench-operator.validate" -}}
{{- if and (gt (int .Values.replicas) 1) (not .Values.leaderElection.enabled) }}
{{- fail (printf "replicas=%d needs leaderElection.enabled=true: without leader election every replica would reconcile the same ScalingBenchmarks" (int .Values.replicas)) }}
{{- end }}
{{- if has .Release.Namespace (include "sparkbench-operator.benchmarkNamespaces" . | splitList ",") }}
{{- fail (printf "benchmarks must not run in the operator's namespace %q: its ServiceAccount may create pods in every benchmark namespace; install the chart into a namespace of its own (helm install --namespace sparkbench-system --create-namespace) and list benchmark namespaces in watchNamespaces" .Release.Namespace) }}
{{- end }}
{{- if and .Values.watchNamespaces .Values.sparkServiceAccount.namespaces }}
{{- fail "sparkServiceAccount.namespaces is for watching every namespace (watchNamespaces: []); with watchNamespaces set, the Spark account goes to each watched namespace: leave it empty" }}
{{- end }}
{{- if eq (int .Values.health.port) (int .Values.metrics.port) }}
{{- fail (printf "health.port=%d must differ from metrics.port: the probes get a port of their own" (int .Values.health.port)) }}
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
