{{/* Chart name, overridable. */}}
{{- define "kpo.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name used as the prefix of every object: the release name when it already contains the chart name
(so the default release "kuma-production-operator" gives "kuma-production-operator"), release-chart otherwise.
*/}}
{{- define "kpo.fullname" -}}
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

{{/* chart-version, for the helm.sh/chart label. */}}
{{- define "kpo.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels that select the operator pods; never change them in an upgrade (Deployment selectors are immutable). */}}
{{- define "kpo.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kpo.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Labels on every object. */}}
{{- define "kpo.labels" -}}
helm.sh/chart: {{ include "kpo.chart" . }}
{{ include "kpo.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: kuma-production-operator
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* The ServiceAccount the operator runs as. */}}
{{- define "kpo.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "kpo.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* repository:tag, or repository@digest when a digest is pinned. */}}
{{- define "kpo.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
PodDisruptionBudget API: policy/v1 where the cluster serves it (Kubernetes 1.21+), policy/v1beta1 on older
clusters such as 1.20. `helm install` and Argo CD see the cluster's API list; plain `helm template` assumes
policy/v1 (pass --api-versions to render for an old cluster). The group/version is checked rather than
policy/v1/PodDisruptionBudget because Helm's offline list holds group/versions only.
*/}}
{{- define "kpo.pdbApiVersion" -}}
{{- if .Capabilities.APIVersions.Has "policy/v1" -}}
policy/v1
{{- else -}}
policy/v1beta1
{{- end -}}
{{- end }}

{{/* Whether a PodDisruptionBudget is rendered: asked for, and more than one replica to protect. */}}
{{- define "kpo.pdbEnabled" -}}
{{- if and .Values.podDisruptionBudget.enabled (gt (int .Values.replicas) 1) -}}
true
{{- end -}}
{{- end }}

{{/* Consistency checks the JSON schema cannot express. */}}
{{- define "kpo.validate" -}}
{{- if and (gt (int .Values.replicas) 1) (not .Values.leaderElection.enabled) }}
{{- fail "replicas > 1 needs leaderElection.enabled=true: without a leader every replica would reconcile the same profiles" }}
{{- end }}
{{- if and .Values.metrics.serviceMonitor.enabled (not .Values.metrics.service.enabled) }}
{{- fail "metrics.serviceMonitor.enabled=true needs metrics.service.enabled=true: a ServiceMonitor scrapes through a Service" }}
{{- end }}
{{- $pdb := .Values.podDisruptionBudget }}
{{- if and $pdb.enabled (gt (int .Values.replicas) 1) (not (kindIs "string" $pdb.minAvailable)) (ge (int $pdb.minAvailable) (int .Values.replicas)) }}
{{- fail "podDisruptionBudget.minAvailable must be lower than replicas, or no voluntary eviction (node drain) could ever proceed" }}
{{- end }}
{{- if eq (int .Values.metrics.port) (int .Values.health.port) }}
{{- fail "metrics.port and health.port must differ" }}
{{- end }}
{{- if or (hasPrefix "127." .Values.bindAddress) (eq .Values.bindAddress "::1") }}
{{- fail (printf "bindAddress %s is a loopback address: the kubelet probes the pod's IP, so the pod would never be ready; keep 0.0.0.0 (or ::) and restrict access with networkPolicy" .Values.bindAddress) }}
{{- end }}
{{- end }}

{{/*
The TLS Secret Kuma's chart generates for each control-plane Deployment: <name>-tls-cert for <name>-control-plane,
else kuma-tls-cert (the operator's ClusterObserver.helmTlsSecretName), as a YAML list. Kuma v2.14.3 names both after
kuma.name: deployments/charts/kuma/templates/cp-deployment.yaml ("{{ include "kuma.name" . }}-control-plane") and
cp-webhooks-and-secrets.yaml ($secretName := print (include "kuma.name" .) "-tls-cert").
*/}}
{{- define "kpo.controlPlaneTlsSecrets" -}}
{{- $secrets := list }}
{{- range .Values.rbac.controlPlaneDeployments }}
{{- $name := "kuma-tls-cert" }}
{{- if and (hasSuffix "-control-plane" .) (gt (len .) (len "-control-plane")) }}
{{- $name = printf "%s-tls-cert" (trimSuffix "-control-plane" .) }}
{{- end }}
{{- $secrets = append $secrets $name }}
{{- end }}
{{- if not $secrets }}
{{- $secrets = list "kuma-tls-cert" }}
{{- end }}
{{- toYaml (uniq $secrets) }}
{{- end }}
