-- Argo CD health check for kumaops.io/KumaProductionProfile (kuma-production-operator).
-- The phases, conditions and reasons it reads are documented in
-- https://github.com/kumaops/kuma-production-operator/blob/main/docs/conditions.md
--   no status, or status older than the spec     -> Progressing (the operator has not caught up yet)
--   condition Ready=True                         -> Healthy
--   Ready=False with reason Paused               -> Suspended (spec.rollout.paused, on purpose)
--   phase Blocked or Degraded, or Ready=False
--   with a reason that needs a person to act     -> Degraded (the condition's reason and message)
--   anything else                                -> Progressing (the rollout step under way)
local hs = {}

-- Ready=False reasons that the operator cannot get past on its own.
local blockingReasons = {
  InvalidSpec = true,
  BlockedByFinding = true,
  ErrorFindings = true,
  FieldConflict = true,
  Forbidden = true,
  Rejected = true,
  ApplyFailed = true,
  ControlPlaneNotFound = true,
  ReconcileError = true,
}

local function findCondition(status, conditionType)
  if status.conditions == nil then
    return nil
  end
  for _, condition in ipairs(status.conditions) do
    if condition.type == conditionType then
      return condition
    end
  end
  return nil
end

local function describe(condition, fallback)
  if condition == nil then
    return fallback
  end
  local reason = condition.reason
  local message = condition.message
  if reason ~= nil and reason ~= "" and message ~= nil and message ~= "" then
    return reason .. ": " .. message
  end
  if message ~= nil and message ~= "" then
    return message
  end
  if reason ~= nil and reason ~= "" then
    return reason
  end
  return fallback
end

local status = obj.status
local generation = nil
if obj.metadata ~= nil then
  generation = obj.metadata.generation
end

if status == nil then
  hs.status = "Progressing"
  hs.message = "waiting for the operator to report status"
  return hs
end

if generation ~= nil and (status.observedGeneration == nil or status.observedGeneration < generation) then
  hs.status = "Progressing"
  hs.message = "waiting for the operator to observe generation " .. tostring(generation)
  return hs
end

local ready = findCondition(status, "Ready")

if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = describe(ready, "all rollout steps are done")
  return hs
end

if ready ~= nil and ready.status == "False" and ready.reason == "Paused" then
  hs.status = "Suspended"
  hs.message = describe(ready, "rollout paused")
  return hs
end

if status.phase == "Blocked" or status.phase == "Degraded" then
  local cause = ready
  if cause == nil or cause.status ~= "False" then
    cause = findCondition(status, "Degraded")
  end
  hs.status = "Degraded"
  hs.message = describe(cause, "phase " .. status.phase)
  return hs
end

if ready ~= nil and ready.status == "False" and ready.reason ~= nil and blockingReasons[ready.reason] then
  hs.status = "Degraded"
  hs.message = describe(ready, ready.reason)
  return hs
end

hs.status = "Progressing"
if status.currentStep ~= nil and status.currentStep ~= "" then
  hs.message = "rollout step " .. status.currentStep .. " in progress"
  if ready ~= nil and ready.message ~= nil and ready.message ~= "" then
    hs.message = hs.message .. ": " .. ready.message
  end
else
  hs.message = describe(ready, "waiting for the operator to finish the rollout")
end
return hs
