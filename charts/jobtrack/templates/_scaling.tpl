{{- define "jobtrack.hpa" -}}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "jobtrack.serviceName" . }}
  labels:
    {{- include "jobtrack.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "jobtrack.serviceName" . }}
  minReplicas: {{ .svc.autoscaling.minReplicas }}
  maxReplicas: {{ .svc.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ .svc.autoscaling.targetCPUUtilizationPercentage }}
  behavior:
    scaleDown:
      # Scaling a consumer group down rebalances its partitions; do it slowly.
      stabilizationWindowSeconds: 300
{{- end -}}

{{- define "jobtrack.pdb" -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "jobtrack.serviceName" . }}
  labels:
    {{- include "jobtrack.labels" . | nindent 4 }}
spec:
  maxUnavailable: {{ .svc.pdb.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "jobtrack.selectorLabels" . | nindent 6 }}
{{- end -}}
