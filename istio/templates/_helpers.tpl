{{- define "mesh.host" -}}
{{- printf "%s-%s.%s.svc.cluster.local" .root.Values.platform.release .name .root.Values.platform.namespace -}}
{{- end -}}

{{- define "mesh.principal" -}}
{{- printf "cluster.local/ns/%s/sa/%s-%s" .root.Values.platform.namespace .root.Values.platform.release .name -}}
{{- end -}}

{{- define "mesh.ingressPrincipal" -}}
{{- printf "cluster.local/ns/%s/sa/%s" .Values.ingress.namespace .Values.ingress.serviceAccount -}}
{{- end -}}

{{- define "mesh.labels" -}}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: jobtrack
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "mesh.workloadSelector" -}}
selector:
  matchLabels:
    app.kubernetes.io/name: {{ .name }}
    app.kubernetes.io/instance: {{ .root.Values.platform.release }}
{{- end -}}
