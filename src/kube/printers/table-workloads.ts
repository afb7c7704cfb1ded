import type {
  V1CronJob,
  V1DaemonSet,
  V1Deployment,
  V1Job,
  V1JobStatus,
  V1ReplicaSet,
  V1StatefulSet,
} from '@kubernetes/client-node';
import { formatAge, formatSpan } from './age.ts';
import { containerCells, definePrinter, formatLabels, formatSelector, nameOf } from './printer.ts';

// Column sets follow kubectl 1.32's printers.go; spec.replicas is defaulted to 1 by the API server.

export const deploymentPrinter = definePrinter<V1Deployment>({
  headers: ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
  wideHeaders: ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR'],
  cells(d, { now, wide }) {
    const s = d.status;
    const row = [
      nameOf(d),
      `${s?.readyReplicas ?? 0}/${d.spec?.replicas ?? 1}`,
      String(s?.updatedReplicas ?? 0),
      String(s?.availableReplicas ?? 0),
      formatAge(d.metadata?.creationTimestamp, now),
    ];
    return wide
      ? [...row, ...containerCells(d.spec?.template.spec?.containers), formatSelector(d.spec?.selector)]
      : row;
  },
});

export const replicaSetPrinter = definePrinter<V1ReplicaSet>({
  headers: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'],
  wideHeaders: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR'],
  cells(rs, { now, wide }) {
    const s = rs.status;
    const row = [
      nameOf(rs),
      String(rs.spec?.replicas ?? 1),
      String(s?.replicas ?? 0),
      String(s?.readyReplicas ?? 0),
      formatAge(rs.metadata?.creationTimestamp, now),
    ];
    return wide
      ? [...row, ...containerCells(rs.spec?.template?.spec?.containers), formatSelector(rs.spec?.selector)]
      : row;
  },
});

export const statefulSetPrinter = definePrinter<V1StatefulSet>({
  headers: ['NAME', 'READY', 'AGE'],
  wideHeaders: ['NAME', 'READY', 'AGE', 'CONTAINERS', 'IMAGES'],
  cells(sts, { now, wide }) {
    const row = [
      nameOf(sts),
      `${sts.status?.readyReplicas ?? 0}/${sts.spec?.replicas ?? 1}`,
      formatAge(sts.metadata?.creationTimestamp, now),
    ];
    return wide ? [...row, ...containerCells(sts.spec?.template.spec?.containers)] : row;
  },
});

export const daemonSetPrinter = definePrinter<V1DaemonSet>({
  headers: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE'],
  wideHeaders: [
    'NAME',
    'DESIRED',
    'CURRENT',
    'READY',
    'UP-TO-DATE',
    'AVAILABLE',
    'NODE SELECTOR',
    'AGE',
    'CONTAINERS',
    'IMAGES',
    'SELECTOR',
  ],
  cells(ds, { now, wide }) {
    const s = ds.status;
    const counts = [
      s?.desiredNumberScheduled,
      s?.currentNumberScheduled,
      s?.numberReady,
      s?.updatedNumberScheduled,
      s?.numberAvailable,
    ];
    const row = [
      nameOf(ds),
      ...counts.map((n) => String(n ?? 0)),
      formatLabels(ds.spec?.template.spec?.nodeSelector),
      formatAge(ds.metadata?.creationTimestamp, now),
    ];
    return wide
      ? [...row, ...containerCells(ds.spec?.template.spec?.containers), formatSelector(ds.spec?.selector)]
      : row;
  },
});

export const jobPrinter = definePrinter<V1Job>({
  headers: ['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE'],
  wideHeaders: ['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR'],
  cells(job, { now, wide }) {
    const s = job.status;
    const duration = formatSpan(s?.startTime, s?.completionTime, now);
    const row = [
      nameOf(job),
      jobStatus(job),
      completions(job),
      duration,
      formatAge(job.metadata?.creationTimestamp, now),
    ];
    return wide
      ? [...row, ...containerCells(job.spec?.template.spec?.containers), formatSelector(job.spec?.selector)]
      : row;
  },
});

function completions(job: V1Job): string {
  const succeeded = job.status?.succeeded ?? 0;
  if (job.spec?.completions !== undefined) return `${succeeded}/${job.spec.completions}`;
  const parallelism = job.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

// The order matters: a finished job stays Complete or Failed even while it is being deleted.
function jobStatus(job: V1Job): string {
  const has = (type: string): boolean => hasCondition(job.status, type);
  if (has('Complete')) return 'Complete';
  if (has('Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp !== undefined) return 'Terminating';
  if (has('Suspended')) return 'Suspended';
  if (has('FailureTarget')) return 'FailureTarget';
  if (has('SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  return 'Running';
}

function hasCondition(status: V1JobStatus | undefined, type: string): boolean {
  return status?.conditions?.some((c) => c.type === type && c.status === 'True') ?? false;
}

export const cronJobPrinter = definePrinter<V1CronJob>({
  headers: ['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE'],
  wideHeaders: [
    'NAME',
    'SCHEDULE',
    'TIMEZONE',
    'SUSPEND',
    'ACTIVE',
    'LAST SCHEDULE',
    'AGE',
    'CONTAINERS',
    'IMAGES',
    'SELECTOR',
  ],
  cells(cj, { now, wide }) {
    const last = cj.status?.lastScheduleTime;
    const suspend = cj.spec.suspend === undefined ? '<unset>' : cj.spec.suspend ? 'True' : 'False';
    const row = [
      nameOf(cj),
      cj.spec.schedule,
      cj.spec.timeZone ?? '<none>',
      suspend,
      String(cj.status?.active?.length ?? 0),
      last === undefined ? '<none>' : formatAge(last, now),
      formatAge(cj.metadata?.creationTimestamp, now),
    ];
    const jobSpec = cj.spec.jobTemplate.spec;
    return wide
      ? [...row, ...containerCells(jobSpec?.template.spec?.containers), formatSelector(jobSpec?.selector)]
      : row;
  },
});
