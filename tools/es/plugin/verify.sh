#!/usr/bin/env bash
# Manual smoke checks of the articles-local-analysis plugin against a RUNNING node that has it installed.
#   usage: tools/es/plugin/verify.sh [http://127.0.0.1:9250]
# Needs curl and python3. Creates and deletes the indices plugin-verify-*. Exits non-zero on any failure.
set -u
ES=${1:-http://127.0.0.1:9250}
J='Content-Type: application/json'
pass=0; fail=0

tokens() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(" ".join(t["token"] for t in d["tokens"]) if "tokens" in d else "ERROR: "+d.get("error",{}).get("reason",str(d)))'; }
ids() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(" ".join(sorted(h["_id"] for h in d["hits"]["hits"])) if "hits" in d else "ERROR: "+d.get("error",{}).get("reason",str(d)))'; }
reason() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("error",{}).get("reason","(no error)"))'; }
check() { # name expected actual
  if [ "$2" = "$3" ]; then pass=$((pass+1)); echo "PASS $1: $3"; else fail=$((fail+1)); echo "FAIL $1: expected [$2] got [$3]"; fi
}
check_contains() { # name needle actual
  case "$3" in *"$2"*) pass=$((pass+1)); echo "PASS $1: $3";; *) fail=$((fail+1)); echo "FAIL $1: expected to contain [$2] got [$3]";; esac
}

curl -s -XDELETE "$ES/plugin-verify-*" >/dev/null

# 1. the brief's chain through _analyze (no index)
out=$(curl -s -H "$J" "$ES/_analyze" -d '{
  "char_filter": [{"type": "mapping", "mappings": ["’ => '"'"'", "‘ => '"'"'", "“ => \"", "” => \""]}],
  "tokenizer": "standard",
  "filter": [{"type": "stemmer", "language": "possessive_english"}, "lowercase", {"type": "stop", "stopwords": "_english_"},
             "asciifolding", {"type": "stemmer", "language": "english"}],
  "text": "The militants’ Pakistan’s café Running"}' | tokens)
check "analyze chain" "milit pakistan cafe run" "$out"

# 2. single components
an() { curl -s -H "$J" "$ES/_analyze" -d "$1" | tokens; }
check "english analyzer" "runner run quickli" "$(an '{"analyzer":"english","text":"The runners’ running quickly"}')"
check "porter_stem" "run jump happi" "$(an '{"tokenizer":"standard","filter":["porter_stem"],"text":"running jumped happiness"}')"
check "kstem" "running jump happiness" "$(an '{"tokenizer":"standard","filter":["kstem"],"text":"running jumped happiness"}')"
check "stemmer light/minimal_english" "running pony" "$(an '{"tokenizer":"standard","filter":[{"type":"stemmer","language":"light_english"},{"type":"stemmer","language":"minimal_english"}],"text":"running ponies"}')"
check "stemmer porter2" "generous" "$(an '{"tokenizer":"standard","filter":[{"type":"stemmer","name":"porter2"}],"text":"generously"}')"
check "stemmer default=porter" "gener" "$(an '{"tokenizer":"standard","filter":["stemmer"],"text":"generously"}')"
check "asciifolding preserve_original" "cafe café" "$(an '{"tokenizer":"standard","filter":[{"type":"asciifolding","preserve_original":true}],"text":"café"}')"
check "edge_ngram filter" "el ela elas elastic" "$(an '{"tokenizer":"standard","filter":["lowercase",{"type":"edge_ngram","min_gram":2,"max_gram":4,"preserve_original":true}],"text":"Elastic"}')"
check "ngram filter" "ab abc bc bcd cd" "$(an '{"tokenizer":"standard","filter":[{"type":"ngram","min_gram":2,"max_gram":3}],"text":"abcd"}')"
check "trim (keyword tokenizer)" "padded" "$(an '{"tokenizer":"keyword","filter":["trim"],"text":"  padded  "}')"
check "unique" "the fox" "$(an '{"tokenizer":"standard","filter":["lowercase","unique"],"text":"the The fox THE fox"}')"
check "word_delimiter_graph" "WiFi Wi Fi PowerShot Power Shot 500" "$(an '{"tokenizer":"whitespace","filter":[{"type":"word_delimiter_graph","catenate_words":true}],"text":"Wi-Fi PowerShot500"}')"
check "edge_ngram tokenizer" "a ab c cd e" "$(an '{"tokenizer":{"type":"edge_ngram","min_gram":1,"max_gram":3,"token_chars":["letter"]},"text":"ab cd-e"}')"
check "html_strip" "Hi there" "$(an '{"tokenizer":"standard","char_filter":["html_strip"],"text":"<p>Hi <b>there</b></p>"}')"

# 3. clear errors
check_contains "unknown stemmer language" "ERROR: Unknown stemmer language [klingon]" "$(an '{"tokenizer":"standard","filter":[{"type":"stemmer","language":"klingon"}],"text":"x"}')"
check "mapping without rules" "ERROR: mapping requires either \`mappings\` or \`mappings_path\` to be configured" "$(an '{"tokenizer":"standard","char_filter":[{"type":"mapping"}],"text":"x"}')"
check_contains "mapping missing file" "ERROR: IOException while reading mappings_path" "$(an '{"tokenizer":"standard","char_filter":[{"type":"mapping","mappings_path":"no-such-file.txt"}],"text":"x"}')"
check "bad mapping rule" "ERROR: Invalid Mapping Rule : [a]" "$(an '{"tokenizer":"standard","char_filter":[{"type":"mapping","mappings":["a"]}],"text":"x"}')"
check_contains "ngram diff limit" "index.max_ngram_diff" "$(an '{"tokenizer":"standard","filter":[{"type":"ngram","min_gram":1,"max_gram":5}],"text":"x"}')"

# 4. index with the custom analyzer; both apostrophe forms find both docs
curl -s -XPUT -H "$J" "$ES/plugin-verify-news" -d '{
 "settings": {"number_of_shards": 1, "number_of_replicas": 0,
  "analysis": {
   "char_filter": {"quotes": {"type": "mapping", "mappings": ["’ => '"'"'", "‘ => '"'"'", "“ => \"", "” => \""]}},
   "filter": {"poss": {"type": "stemmer", "language": "possessive_english"},
              "en_stop": {"type": "stop", "stopwords": "_english_"},
              "en_stem": {"type": "stemmer", "language": "english"}},
   "analyzer": {"news": {"type": "custom", "char_filter": ["quotes"], "tokenizer": "standard",
                         "filter": ["poss", "lowercase", "en_stop", "asciifolding", "en_stem"]}}}},
 "mappings": {"properties": {"body": {"type": "text", "analyzer": "news"},
                             "eng": {"type": "text", "analyzer": "english"}}}}' >/dev/null
curl -s -XPUT -H "$J" "$ES/plugin-verify-news/_doc/1" -d '{"body": "Pakistan’s army", "eng": "Pakistan’s army"}' >/dev/null
curl -s -XPUT -H "$J" "$ES/plugin-verify-news/_doc/2?refresh=true" -d "{\"body\": \"Pakistan's army\", \"eng\": \"Pakistan's army\"}" >/dev/null
for field in body eng; do
  check "match $field Pakistan’s" "1 2" "$(curl -s -H "$J" "$ES/plugin-verify-news/_search" -d "{\"query\": {\"match\": {\"$field\": \"Pakistan’s\"}}}" | ids)"
  check "match $field Pakistan's" "1 2" "$(curl -s -H "$J" "$ES/plugin-verify-news/_search" -d "{\"query\": {\"match\": {\"$field\": \"Pakistan's\"}}}" | ids)"
done

# 5. search_as_you_type
curl -s -XPUT -H "$J" "$ES/plugin-verify-sayt" -d '{
 "settings": {"number_of_shards": 1, "number_of_replicas": 0},
 "mappings": {"properties": {"title": {"type": "search_as_you_type"},
                             "t4": {"type": "search_as_you_type", "max_shingle_size": 4, "analyzer": "english"}}}}' >/dev/null
curl -s -XPUT -H "$J" "$ES/plugin-verify-sayt/_doc/1" -d '{"title": "Quick brown fox jumps over the lazy dog", "t4": "Pakistan’s armies were running"}' >/dev/null
curl -s -XPUT -H "$J" "$ES/plugin-verify-sayt/_doc/2?refresh=true" -d '{"title": "Slow green turtle", "t4": "Nothing related"}' >/dev/null
sayt() { curl -s -H "$J" "$ES/plugin-verify-sayt/_search" -d "{\"query\": {\"multi_match\": {\"query\": \"$1\", \"type\": \"bool_prefix\", \"fields\": $2}}}" | ids; }
F3='["title", "title._2gram", "title._3gram"]'
check "sayt 'qui'" "1" "$(sayt 'qui' "$F3")"
check "sayt 'quick bro'" "1" "$(sayt 'quick bro' "$F3")"
check "sayt 'fox jumps ov'" "1" "$(sayt 'fox jumps ov' "$F3")"
check "sayt 'gre'" "2" "$(sayt 'gre' "$F3")"
check "sayt 'zzz'" "" "$(sayt 'zzz' "$F3")"
check "sayt max_shingle_size 4 + english" "1" "$(sayt 'pakistan army run' '["t4", "t4._2gram", "t4._3gram", "t4._4gram"]')"
check "sayt match_phrase_prefix" "1" "$(curl -s -H "$J" "$ES/plugin-verify-sayt/_search" -d '{"query": {"match_phrase_prefix": {"title": "brown fox ju"}}}' | ids)"
check "sayt max_shingle_size 5 rejected" "Failed to parse mapping: [max_shingle_size] must be at least [2] and at most [4], got [5]" \
  "$(curl -s -XPUT -H "$J" "$ES/plugin-verify-bad" -d '{"mappings": {"properties": {"t": {"type": "search_as_you_type", "max_shingle_size": 5}}}}' | reason)"

curl -s -XDELETE "$ES/plugin-verify-*" >/dev/null
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
