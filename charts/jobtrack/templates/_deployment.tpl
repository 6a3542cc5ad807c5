{{/* One service's Deployment; call with (dict "root" $ "name" $name "svc" $svc). */}}
{{- define "jobtrack.deployment" -}}
{{- $root := .root -}}
{{- $fullName := include "jobtrack.serviceName" . -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $fullName }}
  labels:
    {{- include "jobtrack.labels" . | nindent 4 }}
spec:
  {{- if not .svc.autoscaling.enabled }}
  replicas: {{ .svc.replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "jobtrack.selectorLabels" . | nindent 6 }}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 0
  template:
    metadata:
      labels:
        {{- include "jobtrack.labels" . | nindent 8 }}
        {{- if $root.Values.mesh.inject }}
        sidecar.istio.io/inject: "true"
        {{- end }}
      annotations:
        checksum/config: {{ include "jobtrack.configData" . | sha256sum }}
        {{- if $root.Values.mesh.inject }}
        # The app drains on SIGTERM; the sidecar must outlive it so in-flight calls and Kafka commits finish.
        proxy.istio.io/config: '{"holdApplicationUntilProxyStarts": true, "terminationDrainDuration": "{{ .svc.terminationGracePeriodSeconds }}s"}'
        {{- end }}
        {{- with .svc.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ $fullName }}
      automountServiceAccountToken: false
      terminationGracePeriodSeconds: {{ .svc.terminationGracePeriodSeconds }}
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      # The image's own non-root user (the Dockerfile's USER 1000:1000), stated so the kubelet can check it.
      securityContext:
        runAsNonRoot: true
        runAsUser: 1000
        runAsGroup: 1000
        fsGroup: 1000
        seccompProfile:
          type: RuntimeDefault
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              {{- include "jobtrack.selectorLabels" . | nindent 14 }}
      containers:
        - name: {{ .name }}
          image: {{ include "jobtrack.image" . }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          ports:
            - name: {{ .svc.port.name }}
              containerPort: {{ .svc.port.number }}
              protocol: TCP
            {{- if .svc.metricsPort }}
            - name: http-metrics
              containerPort: {{ .svc.metricsPort }}
              protocol: TCP
            {{- end }}
          envFrom:
            - configMapRef:
                name: {{ $fullName }}
          env:
            {{- include "jobtrack.secretEnv" . | trim | nindent 12 }}
          readinessProbe:
            {{- include "jobtrack.probe" (merge (dict "path" "/readyz") .) | trim | nindent 12 }}
            periodSeconds: 5
            timeoutSeconds: 2
            failureThreshold: 3
          livenessProbe:
            {{- include "jobtrack.probe" (merge (dict "path" "/healthz") .) | trim | nindent 12 }}
            initialDelaySeconds: 10
            periodSeconds: 10
            timeoutSeconds: 2
            failureThreshold: 6
          startupProbe:
            {{- include "jobtrack.probe" (merge (dict "path" "/healthz") .) | trim | nindent 12 }}
            periodSeconds: 2
            failureThreshold: 30
          resources:
            {{- toYaml .svc.resources | nindent 12 }}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            runAsNonRoot: true
            capabilities:
              drop: ["ALL"]
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        # The only writable path: the root filesystem is read-only.
        - name: tmp
          emptyDir:
            sizeLimit: 64Mi
{{- end -}}
