{{/*
Names. The release owns every service, so each object is "<fullname>-<service>".
*/}}
{{- define "jobtrack.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* The object name of one service; call with (dict "root" $ "name" $name). */}}
{{- define "jobtrack.serviceName" -}}
{{- printf "%s-%s" (include "jobtrack.fullname" .root) .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "jobtrack.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{- define "jobtrack.labels" -}}
{{ include "jobtrack.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Values.image.tag | default .root.Chart.AppVersion | quote }}
app.kubernetes.io/component: {{ .svc.component }}
app.kubernetes.io/part-of: jobtrack
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* Chart-wide labels for objects that belong to no single service (dashboards, rules). */}}
{{- define "jobtrack.commonLabels" -}}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: jobtrack
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "jobtrack.image" -}}
{{- $image := .root.Values.image -}}
{{- printf "%s/%s:%s" $image.registry (.svc.image | default .name) ($image.tag | default .root.Chart.AppVersion) -}}
{{- end -}}

{{/* The port Prometheus scrapes: the dedicated metrics port when the service has one, else its main port. */}}
{{- define "jobtrack.metricsPortName" -}}
{{- if .svc.metricsPort -}}http-metrics{{- else -}}{{ .svc.port.name }}{{- end -}}
{{- end -}}

{{/* Non-secret environment of one service: chart-wide config, derived addresses, then the service's own. */}}
{{- define "jobtrack.configData" -}}
{{- $root := .root -}}
{{- $data := dict -}}
{{- range $key, $value := $root.Values.config }}{{ $_ := set $data $key (toString $value) }}{{ end -}}
{{- $_ := set $data "OTEL_SERVICE_NAME" .name -}}
{{- $_ := set $data .svc.port.env (toString .svc.port.number) -}}
{{- if .svc.metricsPort }}{{ $_ := set $data "METRICS_PORT" (toString .svc.metricsPort) }}{{ end -}}
{{- if .svc.callsJobService -}}
{{- $jobService := index $root.Values.services "job-service" -}}
{{- $_ := set $data "JOB_SERVICE_ADDRESS" (printf "%s:%d" (include "jobtrack.serviceName" (dict "root" $root "name" "job-service")) (int $jobService.port.number)) -}}
{{- end -}}
{{- range $key, $value := .svc.env }}{{ $_ := set $data $key (toString $value) }}{{ end -}}
{{- toYaml $data -}}
{{- end -}}

{{/* Secret-backed environment: the Redis password from an existing Secret, REDIS_URL built around it, extras. */}}
{{- define "jobtrack.secretEnv" -}}
{{- $redis := .root.Values.redis -}}
{{- if $redis.existingSecret.name }}
- name: REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $redis.existingSecret.name }}
      key: {{ $redis.existingSecret.passwordKey }}
- name: REDIS_URL
  value: {{ printf "%s://:$(REDIS_PASSWORD)@%s:%d" (ternary "rediss" "redis" $redis.tls) $redis.host (int $redis.port) | quote }}
{{- else }}
- name: REDIS_URL
  value: {{ printf "%s://%s:%d" (ternary "rediss" "redis" $redis.tls) $redis.host (int $redis.port) | quote }}
{{- end }}
{{- range $name, $ref := .svc.secretEnv }}
- name: {{ $name }}
  valueFrom:
    secretKeyRef:
      name: {{ $ref.name }}
      key: {{ $ref.key }}
{{- end }}
{{- end -}}

{{- define "jobtrack.probe" -}}
{{- if eq .svc.probes.type "grpc" }}
grpc:
  port: {{ .svc.port.number }}
{{- else }}
httpGet:
  path: {{ .path }}
  port: {{ ternary "http-metrics" .svc.port.name (not (empty .svc.metricsPort)) }}
{{- end }}
{{- end -}}
