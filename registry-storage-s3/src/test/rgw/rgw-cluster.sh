#!/usr/bin/env bash
# Starts or stops a one-node Ceph cluster for the tests: one monitor, one OSD on memstore (in memory) and the
# RADOS Gateway (S3) on 127.0.0.1, with authentication off, and an S3 user with fixed test keys.
#   rgw-cluster.sh start DIR MON_PORT RGW_PORT     (prints "started" when RGW answers)
#   rgw-cluster.sh stop DIR
# Needs Debian's ceph-mon ceph-osd radosgw ceph-common (.ci/run installs them).
set -euo pipefail
cmd=$1; D=$2
if [ "$cmd" = stop ]; then
  for p in "$D"/run/*.pid; do [ -f "$p" ] && kill -9 "$(cat "$p")" 2>/dev/null || true; done
  exit 0
fi
MON_PORT=$3; RGW_PORT=$4
rm -rf "$D"; mkdir -p "$D"/{mon,osd,run,log}
FSID=$(cat /proc/sys/kernel/random/uuid)
cat > "$D/ceph.conf" <<CONF
[global]
fsid = $FSID
mon host = v1:127.0.0.1:$MON_PORT
auth cluster required = none
auth service required = none
auth client required = none
ms_mon_client_mode = crc secure
ms_bind_msgr2 = false
run dir = $D/run
admin socket = $D/run/\$name.asok
log file = $D/log/\$name.log
pid file = $D/run/\$name.pid
mon data = $D/mon/\$name
osd data = $D/osd/\$name
osd objectstore = memstore
memstore device bytes = 6442450944
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd crush chooseleaf type = 0
mon allow pool size one = true
mon data avail crit = 1
mon data avail warn = 2
mon warn on pool no redundancy = false
osd max object name len = 460
osd max object namespace len = 64
[mon.a]
mon addr = v1:127.0.0.1:$MON_PORT
[client.rgw.a]
rgw frontends = beast endpoint=127.0.0.1:$RGW_PORT tcp_nodelay=1
rgw dns name = localhost
CONF
C="-c $D/ceph.conf"
monmaptool --create --add a "v1:127.0.0.1:$MON_PORT" --fsid "$FSID" "$D/monmap" >/dev/null
ceph-mon $C --mkfs -i a --monmap "$D/monmap"
ceph-mon $C -i a
timeout 60 ceph $C osd pool ls >/dev/null
OSD_UUID=$(cat /proc/sys/kernel/random/uuid)
timeout 60 ceph $C osd new "$OSD_UUID" >/dev/null
mkdir -p "$D/osd/osd.0"
ceph-osd $C -i 0 --mkfs --osd-uuid "$OSD_UUID" >/dev/null 2>&1
ceph-osd $C -i 0 2>/dev/null
for i in $(seq 1 120); do
  timeout 10 ceph $C osd stat 2>/dev/null | grep -q "1 up" && break; sleep 0.5
done
radosgw $C -n client.rgw.a
for i in $(seq 1 240); do
  curl -s -o /dev/null "http://127.0.0.1:$RGW_PORT/" && break; sleep 0.5
done
timeout 60 radosgw-admin $C user create --uid=jmreg --display-name=jmreg --access-key=jmreg-access \
  --secret-key=jmreg-secret >/dev/null
echo started
