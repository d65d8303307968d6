#!/usr/bin/env bash
# Copy the built articles-local-analysis plugin into an Elasticsearch home (the LOCAL integ-test node only).
#   usage: tools/es/plugin/install.sh <ES_HOME>      (builds first if the plugin folder is missing)
# Refuses a distribution that ships analysis-common or mapper-extras: the names would clash there
# (the node would fail to start with "... already registered").
set -euo pipefail
ES_HOME=${1:?usage: install.sh <ES_HOME>}
HERE=$(cd "$(dirname "$0")" && pwd)
SRC="$HERE/target/plugin/articles-local-analysis"
if [ -d "$ES_HOME/modules/analysis-common" ] || [ -d "$ES_HOME/modules/mapper-extras" ]; then
  echo "install.sh: $ES_HOME already has analysis-common/mapper-extras; not installing (would clash)" >&2
  exit 1
fi
if [ ! -f "$SRC/plugin-descriptor.properties" ]; then
  mvn -q -B -f "$HERE/pom.xml" package
fi
want=$(sed -n 's/^elasticsearch.version=//p' "$SRC/plugin-descriptor.properties")
have=$(ls "$ES_HOME"/lib/elasticsearch-[0-9]*.jar | sed -n 's#.*/elasticsearch-\([0-9][0-9.]*\)\.jar#\1#p' | head -1)
if [ -n "$have" ] && [ "$have" != "$want" ]; then
  echo "install.sh: plugin built for Elasticsearch $want but $ES_HOME is $have (set es.version in $HERE/pom.xml)" >&2
  exit 1
fi
rm -rf "$ES_HOME/plugins/articles-local-analysis"
cp -r "$SRC" "$ES_HOME/plugins/"
echo "installed $ES_HOME/plugins/articles-local-analysis (Elasticsearch $want)"
