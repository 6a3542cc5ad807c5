{{/* Port names carry the protocol so Istio applies layer-7 routing, retries and metrics to each. */}}
{{- define "jobtrack.service" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "jobtrack.serviceName" . }}
  labels:
    {{- include "jobtrack.labels" . | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- include "jobtrack.selectorLabels" . | nindent 4 }}
  ports:
    - name: {{ .svc.port.name }}
      port: {{ .svc.port.number }}
      targetPort: {{ .svc.port.name }}
      protocol: TCP
      {{- if eq .svc.port.name "grpc" }}
      appProtocol: grpc
      {{- end }}
    {{- if .svc.metricsPort }}
    - name: http-metrics
      port: {{ .svc.metricsPort }}
      targetPort: http-metrics
      protocol: TCP
    {{- end }}
{{- end -}}

{{- define "jobtrack.serviceAccount" -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "jobtrack.serviceName" . }}
  labels:
    {{- include "jobtrack.labels" . | nindent 4 }}
automountServiceAccountToken: false
{{- end -}}

{{- define "jobtrack.configMap" -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "jobtrack.serviceName" . }}
  labels:
    {{- include "jobtrack.labels" . | nindent 4 }}
data:
  {{- include "jobtrack.configData" . | nindent 2 }}
{{- end -}}
