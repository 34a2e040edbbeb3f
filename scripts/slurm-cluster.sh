#!/usr/bin/env bash
# A throw-away two-node Slurm cluster on 127.0.0.1 (slurmctld, two slurmd with 4 fake a100 GPUs each, slurmrestd
# with JWT), everything under one folder; recipe verified in ../shared/slurm/README.md (Debian 12, Slurm 22.05).
#
#   scripts/slurm-cluster.sh install            apt-get the Debian packages when slurmctld is missing
#   scripts/slurm-cluster.sh up DIR [PORT_BASE] start (PORT_BASE default 16800: ctld +17, slurmd +101/+102, REST +20)
#   scripts/slurm-cluster.sh token DIR [USER]   print a JWT for USER (default root), valid one hour
#   scripts/slurm-cluster.sh down DIR           stop every daemon it started, by PID
#
# `up` prints KEY=VALUE lines: SLURM_CONF, SLURM_REST_URL. Nothing is written outside DIR.
set -euo pipefail
cmd=${1:?usage: slurm-cluster.sh install|up|token|down DIR}

install() {
  if [ -x /usr/sbin/slurmctld ] && [ -x /usr/sbin/slurmrestd ] && [ -x /usr/sbin/munged ] && ls /usr/lib/*/slurm-wlm/auth_jwt.so >/dev/null 2>&1; then
    return
  fi
  if [ "$(id -u)" != 0 ]; then
    echo "slurm-cluster: Debian's Slurm is missing and installing it needs root: sudo $0 install" >&2
    exit 1
  fi
  echo "installing Slurm, munge and the JWT plugin from Debian" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    slurmctld slurmd slurm-client slurmrestd munge slurm-wlm-jwt-plugin >&2
}

wait_for() { # SECONDS WHAT COMMAND...
  local deadline=$((SECONDS + $1)) what=$2; shift 2
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS > deadline)); then echo "slurm-cluster: $what did not happen in time; logs in $L/log" >&2; return 1; fi
    sleep 0.2
  done
}

nodes_responding() { [ "$(sinfo -h -N -o %t 2>/dev/null | grep -c -E '^(idle|mix|alloc|comp|drain|drng|drained)$')" = 2 ]; }

up() {
  L=$(mkdir -p "$1" && cd "$1" && pwd)
  local base=${2:-16800}
  mkdir -p "$L"/{etc,munge,log,run,spool/ctld,spool/d/n1,spool/d/n2,dev,jobs}
  chmod 755 "$L" "$L/munge"; chmod 1777 "$L/jobs"   # munged needs its socket folder o+x; jobs run as the token's user
  [ -f "$L/munge/munge.key" ] || { mungekey -c -k "$L/munge/munge.key" -b 1024; chmod 600 "$L/munge/munge.key"; }
  [ -f "$L/etc/jwt_hs256.key" ] || { head -c 32 /dev/urandom >"$L/etc/jwt_hs256.key"; chmod 600 "$L/etc/jwt_hs256.key"; }
  for i in 0 1 2 3; do ln -sfn /dev/null "$L/dev/nvidia$i"; done   # fake GPUs: gres needs File= that stat()s as a device
  cat >"$L/etc/slurm.conf" <<EOF
ClusterName=onepooltest
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$((base + 17))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$L/munge/munge.socket.2,cred_expire=30
CredType=cred/munge
AuthAltTypes=auth/jwt
AuthAltParameters=jwt_key=$L/etc/jwt_hs256.key
StateSaveLocation=$L/spool/ctld
SlurmdSpoolDir=$L/spool/d/%n
SlurmctldPidFile=$L/run/slurmctld.pid
SlurmdPidFile=$L/run/slurmd-%n.pid
SlurmctldLogFile=$L/log/slurmctld.log
SlurmdLogFile=$L/log/slurmd-%n.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=1000
JobCompType=jobcomp/filetxt
JobCompLoc=$L/log/jobcomp.txt
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
MpiDefault=none
MailProg=/bin/true
ReturnToService=1
SlurmdParameters=config_overrides
GresTypes=gpu
MinJobAge=300
KillWait=5
InactiveLimit=0
SchedulerParameters=sched_interval=2
NodeName=n1 NodeAddr=127.0.0.1 Port=$((base + 101)) CPUs=4 RealMemory=8000 Gres=gpu:a100:4 State=UNKNOWN
NodeName=n2 NodeAddr=127.0.0.1 Port=$((base + 102)) CPUs=4 RealMemory=8000 Gres=gpu:a100:4 State=UNKNOWN
PartitionName=batch Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
  cat >"$L/etc/gres.conf" <<EOF
AutoDetect=off
NodeName=n[1-2] Name=gpu Type=a100 File=$L/dev/nvidia[0-3]
EOF
  export SLURM_CONF=$L/etc/slurm.conf
  /usr/sbin/munged --socket="$L/munge/munge.socket.2" --key-file="$L/munge/munge.key" --log-file="$L/log/munged.log" \
    --pid-file="$L/munge/munged.pid" --seed-file="$L/munge/munged.seed"
  # setsid: the daemons outlive this script and are stopped by `down`, by PID.
  setsid slurmctld -D >>"$L/log/slurmctld.out" 2>&1 </dev/null & echo $! >"$L/run/slurmctld.bgpid"
  for n in n1 n2; do setsid slurmd -D -N $n >>"$L/log/slurmd-$n.out" 2>&1 </dev/null & echo $! >"$L/run/slurmd-$n.bgpid"; done
  (cd /tmp && SLURM_JWT=daemon exec setsid slurmrestd -u nobody -a rest_auth/jwt -s openapi/v0.0.38 "127.0.0.1:$((base + 20))" \
    >>"$L/log/slurmrestd.out" 2>&1 </dev/null) & echo $! >"$L/run/slurmrestd.bgpid"
  wait_for 60 "both nodes responding" nodes_responding
  wait_for 30 "slurmrestd answering" bash -c "exec 3<>/dev/tcp/127.0.0.1/$((base + 20))"
  echo "SLURM_CONF=$SLURM_CONF"
  echo "SLURM_REST_URL=http://127.0.0.1:$((base + 20))"
}

token() {
  L=$(cd "$1" && pwd)
  SLURM_CONF=$L/etc/slurm.conf scontrol token username="${2:-root}" lifespan=3600 | sed -n 's/^SLURM_JWT=//p'
}

down() {
  L=$(cd "$1" && pwd)
  export SLURM_CONF=$L/etc/slurm.conf
  scancel --full --quiet $(squeue -h -o %i 2>/dev/null) 2>/dev/null || true
  for f in "$L"/run/*.bgpid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
  for f in "$L"/run/*.bgpid; do
    [ -f "$f" ] || continue
    for _ in $(seq 50); do kill -0 "$(cat "$f")" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$(cat "$f")" 2>/dev/null || true
    rm -f "$f"
  done
  [ -f "$L/munge/munged.pid" ] && kill "$(cat "$L/munge/munged.pid")" 2>/dev/null || true
  pkill -f "slurmstepd.*$L" 2>/dev/null || true
}

case "$cmd" in
  install) install ;;
  up) install; up "${2:?DIR}" "${3:-16800}" ;;
  token) token "${2:?DIR}" "${3:-root}" ;;
  down) down "${2:?DIR}" ;;
  *) echo "usage: slurm-cluster.sh install|up|token|down DIR" >&2; exit 2 ;;
esac
