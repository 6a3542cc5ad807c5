{{- define "jobtrack.serviceMonitor" -}}
{{- $monitor := .root.Values.metrics.serviceMonitor -}}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ include "jobtrack.serviceName" . }}
  labels:
    {{- include "jobtrack.labels" . | nindent 4 }}
    {{- with $monitor.labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  selector:
    matchLabels:
      {{- include "jobtrack.selectorLabels" . | nindent 6 }}
  endpoints:
    - port: {{ include "jobtrack.metricsPortName" . }}
      path: /metrics
      interval: {{ $monitor.interval }}
      {{- if $monitor.istioMutualTls }}
      # STRICT mTLS everywhere: Prometheus presents the workload certificate its Istio agent writes (see the
      # kube-prometheus-stack values in helmfile.d), so the sidecar accepts the scrape and authorizes it.
      scheme: https
      tlsConfig:
        caFile: /etc/prom-certs/root-cert.pem
        certFile: /etc/prom-certs/cert-chain.pem
        keyFile: /etc/prom-certs/key.pem
        insecureSkipVerify: true
      {{- end }}
{{- end -}}
