/*
 * Optional C versions of two integer kernels of the enrich stage (etl/enrich/dedup.py, etl/enrich/keywords.py).
 *
 * Both compute exactly what their numpy versions compute (integers only, no floating point),
 * so results never depend on whether this module was built; tests compare the two on the
 * BBC corpus. They exist because the numpy versions spend most of their time in the fixed
 * cost of a few dozen small-array calls per article.
 *
 *   TokenTable().lookup(text) -> (ids: bytes, unseen tokens, tokens joined by single spaces)
 *   simhash(ids, hash0) -> int
 *   select_keywords(rows, phrases, n_tokens, min_tf, limit, keyword_words) -> list[str]
 *   capitalised_runs(text, start) -> list[str]
 *   keyword_stats(ids, keyword, min_tf)
 *       -> (rows: bytes, phrases: bytes)
 *
 * rows: int64 records (word, count, first, last, capitalised), one per distinct candidate word,
 *       ordered by word id.
 * phrases: int64 records (a, b, c, count) for bigrams (c = -1) and trigrams of adjacent kept
 *       words (count >= min_tf) seen at least twice; a, b, c index `rows`.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

typedef struct {
    Py_buffer view;
    Py_ssize_t len;
} Buf;

static int get_buf(PyObject *obj, Buf *buf, Py_ssize_t itemsize, const char *name) {
    if (PyObject_GetBuffer(obj, &buf->view, PyBUF_C_CONTIGUOUS) < 0) return -1;
    if (buf->view.itemsize != itemsize || buf->view.len % itemsize != 0) {
        PyErr_Format(PyExc_TypeError, "%s: expected items of %zd bytes", name, itemsize);
        PyBuffer_Release(&buf->view);
        return -1;
    }
    buf->len = buf->view.len / itemsize;
    return 0;
}

static int check_ids(const int64_t *ids, Py_ssize_t n, Py_ssize_t table_len) {
    for (Py_ssize_t i = 0; i < n; i++) {
        if (ids[i] < 0 || ids[i] >= table_len) {
            PyErr_SetString(PyExc_IndexError, "token id outside its table");
            return -1;
        }
    }
    return 0;
}

/* ---- SimHash ------------------------------------------------------------------------ */

static uint64_t SPREAD[256];

static void init_spread(void) {
    for (int value = 0; value < 256; value++) {
        uint64_t lanes = 0;
        for (int k = 0; k < 8; k++)
            if (value & (1 << k)) lanes |= (uint64_t)1 << (8 * k);
        SPREAD[value] = lanes;
    }
}

static inline uint64_t rotl(uint64_t v, int k) { return (v << k) | (v >> (64 - k)); }

static PyObject *simhash(PyObject *self, PyObject *args) {
    PyObject *o_ids, *o_h0;
    if (!PyArg_ParseTuple(args, "OO", &o_ids, &o_h0)) return NULL;
    Buf ids, h0;
    if (get_buf(o_ids, &ids, 8, "ids") < 0) return NULL;
    if (get_buf(o_h0, &h0, 8, "hash0") < 0) { PyBuffer_Release(&ids.view); return NULL; }
    PyObject *result = NULL;
    const int64_t *id = (const int64_t *)ids.view.buf;
    const uint64_t *a = (const uint64_t *)h0.view.buf;
    Py_ssize_t n = ids.len;
    if (check_ids(id, n, h0.len) == 0) {
        uint64_t fingerprint = 0;
        if (n > 0) {
            Py_ssize_t shingles = n >= 3 ? n - 2 : 1;
            /* Bit votes, eight at a time: SPREAD[b] puts bit k of byte b into byte lane k, so one
             * add counts eight bit positions; lanes are flushed before they can overflow. The
             * three positions of a shingle take the word hash rotated by 0, 21 and 42 bits. */
            uint64_t lanes[8] = {0};
            uint32_t votes[64] = {0};
            int pending = 0;
            for (Py_ssize_t i = 0; i < shingles; i++) {
                uint64_t x;
                if (n >= 3) x = a[id[i]] ^ rotl(a[id[i + 1]], 21) ^ rotl(a[id[i + 2]], 42);
                else if (n == 2) x = a[id[0]] ^ rotl(a[id[1]], 21);
                else x = a[id[0]];
                x ^= x >> 30; x *= 0xBF58476D1CE4E5B9ULL;
                x ^= x >> 27; x *= 0x94D049BB133111EBULL;
                x ^= x >> 31;
                for (int byte = 0; byte < 8; byte++) lanes[byte] += SPREAD[(x >> (8 * byte)) & 0xFF];
                if (++pending == 255 || i + 1 == shingles) {
                    for (int byte = 0; byte < 8; byte++) {
                        for (int k = 0; k < 8; k++) votes[8 * byte + k] += (uint32_t)((lanes[byte] >> (8 * k)) & 0xFF);
                        lanes[byte] = 0;
                    }
                    pending = 0;
                }
            }
            for (int j = 0; j < 64; j++)
                if (2 * (uint64_t)votes[j] > (uint64_t)shingles) fingerprint |= (1ULL << j);
        }
        result = PyLong_FromUnsignedLongLong(fingerprint);
    }
    PyBuffer_Release(&ids.view); PyBuffer_Release(&h0.view);
    return result;
}

/* ---- keyword statistics ---------------------------------------------------------------- */

/* Open-addressing map from a 64-bit key to a row number. */
typedef struct {
    uint64_t *keys;
    int64_t *rows;
    size_t mask;
} Map;

static int map_init(Map *m, size_t items) {
    size_t cap = 16;
    while (cap < 2 * items + 2) cap <<= 1;
    m->keys = malloc(cap * sizeof(uint64_t));
    m->rows = malloc(cap * sizeof(int64_t));
    if (!m->keys || !m->rows) { free(m->keys); free(m->rows); m->keys = NULL; m->rows = NULL; return -1; }
    for (size_t i = 0; i < cap; i++) m->rows[i] = -1;
    m->mask = cap - 1;
    return 0;
}

static void map_free(Map *m) { free(m->keys); free(m->rows); }

static inline uint64_t mix(uint64_t x) {
    x ^= x >> 33; x *= 0xff51afd7ed558ccdULL; x ^= x >> 33;
    return x;
}

/* The row of `key`, or -1 after reserving its slot in *slot. */
static inline int64_t map_find(const Map *m, uint64_t key, size_t *slot) {
    size_t i = (size_t)mix(key) & m->mask;
    while (m->rows[i] >= 0) {
        if (m->keys[i] == key) return m->rows[i];
        i = (i + 1) & m->mask;
    }
    *slot = i;
    return -1;
}

static const int64_t *sort_words;
static int by_word(const void *x, const void *y) {
    int64_t a = sort_words[*(const int64_t *)x], b = sort_words[*(const int64_t *)y];
    return (a > b) - (a < b);
}

static PyObject *keyword_stats(PyObject *self, PyObject *args) {
    PyObject *o_ids, *o_packed;
    long long min_tf;
    if (!PyArg_ParseTuple(args, "OOL", &o_ids, &o_packed, &min_tf)) return NULL;
    Buf ids, packed;
    int got = 0;
    PyObject *result = NULL;
    int64_t *occ_pos = NULL, *occ_row = NULL, *word = NULL, *count = NULL, *first = NULL, *last = NULL,
            *capital = NULL, *order = NULL, *rank = NULL, *kpos = NULL, *krow = NULL, *ph = NULL, *out = NULL;
    Map words = {0}, phrases = {0};

    if (get_buf(o_ids, &ids, 8, "ids") < 0) goto done;
    got = 1;
    if (get_buf(o_packed, &packed, 8, "keyword") < 0) goto done;
    got = 2;

    const int64_t *id = (const int64_t *)ids.view.buf;
    /* One record per token (etl.enrich.vocab.Tables.keyword): keyword id in the low 32 bits,
     * flags above: bit 32 capitalised, 33 clause punctuation before, 34 after. */
    const uint64_t *pk = (const uint64_t *)packed.view.buf;
#define KEYWORD(t) ((int32_t)(uint32_t)(pk[t] & 0xFFFFFFFFu))
#define CAPITALISED(t) ((pk[t] >> 32) & 1u)
#define BREAK_BEFORE(t) ((pk[t] >> 33) & 1u)
#define BREAK_AFTER(t) ((pk[t] >> 34) & 1u)
    Py_ssize_t n = ids.len;
    if (check_ids(id, n, packed.len) < 0) goto done;

    size_t alloc = (size_t)(n > 0 ? n : 1);
    occ_pos = malloc(alloc * 8); occ_row = malloc(alloc * 8); word = malloc(alloc * 8); count = malloc(alloc * 8);
    first = malloc(alloc * 8); last = malloc(alloc * 8); capital = malloc(alloc * 8);
    kpos = malloc(alloc * 8); krow = malloc(alloc * 8);
    if (!occ_pos || !occ_row || !word || !count || !first || !last || !capital || !kpos || !krow ||
        map_init(&words, alloc) < 0) {
        PyErr_NoMemory();
        goto done;
    }

    /* Candidate occurrences, grouped by word in first-seen order. */
    Py_ssize_t m = 0, size = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        int32_t w = KEYWORD(id[i]);
        if (w < 0) continue;
        size_t slot;
        int64_t row = map_find(&words, (uint64_t)w, &slot);
        if (row < 0) {
            row = size++;
            words.keys[slot] = (uint64_t)w;
            words.rows[slot] = row;
            word[row] = w; count[row] = 0; first[row] = i; capital[row] = 0;
        }
        count[row]++;
        last[row] = i;
        capital[row] += (int64_t)CAPITALISED(id[i]);
        occ_pos[m] = i;
        occ_row[m] = row;
        m++;
    }

    /* Rows ordered by word id, as numpy's grouping orders them. */
    order = malloc((size ? size : 1) * 8); rank = malloc((size ? size : 1) * 8);
    if (!order || !rank) { PyErr_NoMemory(); goto done; }
    for (Py_ssize_t r = 0; r < size; r++) order[r] = r;
    sort_words = word;  /* the GIL is held throughout: no other thread sorts at the same time */
    qsort(order, (size_t)size, sizeof(int64_t), by_word);
    for (Py_ssize_t r = 0; r < size; r++) rank[order[r]] = r;

    /* Adjacent kept words with no clause punctuation between them. */
    Py_ssize_t k = 0;
    for (Py_ssize_t j = 0; j < m; j++) {
        if (count[occ_row[j]] >= min_tf) { kpos[k] = occ_pos[j]; krow[k] = rank[occ_row[j]]; k++; }
    }
    Py_ssize_t n_phrases = 0;
    if (k >= 2) {
        if ((uint64_t)size >= (1u << 21)) {
            PyErr_SetString(PyExc_OverflowError, "too many distinct words for the phrase keys");
            goto done;
        }
        if (map_init(&phrases, (size_t)(2 * k)) < 0) { PyErr_NoMemory(); goto done; }
        ph = malloc((size_t)(2 * k) * 4 * 8);
        if (!ph) { PyErr_NoMemory(); goto done; }
        int prev_linked = 0;
        for (Py_ssize_t j = 0; j + 1 < k; j++) {
            int linked = kpos[j + 1] == kpos[j] + 1 && !BREAK_AFTER(id[kpos[j]]) && !BREAK_BEFORE(id[kpos[j + 1]]);
            if (linked) {
                /* bigram (j, j+1); and trigram (j-1, j, j+1) when the previous pair is linked too */
                for (int len = 2; len <= 3; len++) {
                    if (len == 3 && !prev_linked) break;
                    int64_t a = len == 2 ? krow[j] : krow[j - 1];
                    int64_t b = len == 2 ? krow[j + 1] : krow[j];
                    int64_t c = len == 2 ? -1 : krow[j + 1];
                    uint64_t key = ((uint64_t)a << 42) | ((uint64_t)b << 21) | (uint64_t)(c < 0 ? 0x1FFFFF : c);
                    size_t slot;
                    int64_t row = map_find(&phrases, key, &slot);
                    if (row < 0) {
                        row = n_phrases++;
                        phrases.keys[slot] = key;
                        phrases.rows[slot] = row;
                        ph[4 * row] = a; ph[4 * row + 1] = b; ph[4 * row + 2] = c; ph[4 * row + 3] = 0;
                    }
                    ph[4 * row + 3]++;
                }
            }
            prev_linked = linked;
        }
    }

    out = malloc((size_t)(size ? size : 1) * 5 * 8);
    if (!out) { PyErr_NoMemory(); goto done; }
    for (Py_ssize_t r = 0; r < size; r++) {
        int64_t o = order[r];
        out[5 * r] = word[o]; out[5 * r + 1] = count[o]; out[5 * r + 2] = first[o];
        out[5 * r + 3] = last[o]; out[5 * r + 4] = capital[o];
    }
    Py_ssize_t repeated = 0;
    for (Py_ssize_t p = 0; p < n_phrases; p++) {
        if (ph[4 * p + 3] >= 2) {
            memmove(&ph[4 * repeated], &ph[4 * p], 4 * 8);
            repeated++;
        }
    }
    PyObject *rows_bytes = PyBytes_FromStringAndSize((const char *)out, (Py_ssize_t)size * 5 * 8);
    PyObject *phrase_bytes = PyBytes_FromStringAndSize(ph ? (const char *)ph : "", repeated * 4 * 8);
    if (rows_bytes && phrase_bytes) result = PyTuple_Pack(2, rows_bytes, phrase_bytes);
    Py_XDECREF(rows_bytes);
    Py_XDECREF(phrase_bytes);

done:
    if (got >= 1) PyBuffer_Release(&ids.view);
    if (got >= 2) PyBuffer_Release(&packed.view);
    free(occ_pos); free(occ_row); free(word); free(count); free(first); free(last); free(capital);
    free(order); free(rank); free(kpos); free(krow); free(ph); free(out);
    if (words.keys) map_free(&words);
    if (phrases.keys) map_free(&phrases);
    return result;
}


/* ---- token table ------------------------------------------------------------------------
 *
 * TokenTable maps whitespace tokens to ids without creating a Python string per token:
 * a text is scanned once (whitespace as str.split() defines it: Py_UNICODE_ISSPACE), each
 * token is hashed over its code points and looked up in an open-addressing table. Unseen
 * tokens get the next ids and are returned, so the caller can analyse them (etl/enrich/vocab.py).
 */

typedef struct {
    uint64_t hash;
    int64_t id;   /* -1: empty */
    Py_UCS4 *key;
    Py_ssize_t len;
} Slot;  /* one 32-byte record per slot: a probe touches one cache line, not four arrays */

typedef struct {
    PyObject_HEAD
    Slot *slots;
    size_t mask;
    Py_ssize_t count;
} TokenTable;

static void table_dealloc(TokenTable *self) {
    if (self->slots) {
        for (size_t i = 0; i <= self->mask; i++) free(self->slots[i].key);
    }
    free(self->slots);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static Slot *slots_alloc(size_t cap) {
    Slot *slots = malloc(cap * sizeof(Slot));
    if (!slots) return NULL;
    for (size_t i = 0; i < cap; i++) { slots[i].id = -1; slots[i].key = NULL; slots[i].hash = 0; slots[i].len = 0; }
    return slots;
}

static PyObject *table_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    TokenTable *self = (TokenTable *)type->tp_alloc(type, 0);
    if (!self) return NULL;
    self->slots = slots_alloc(1 << 14);
    if (!self->slots) { Py_DECREF(self); return PyErr_NoMemory(); }
    self->mask = (1 << 14) - 1;
    return (PyObject *)self;
}

static int table_grow(TokenTable *self) {
    size_t old = self->mask + 1, cap = old * 2;
    Slot *slots = slots_alloc(cap);
    if (!slots) return -1;
    for (size_t i = 0; i < old; i++) {
        if (self->slots[i].id < 0) continue;
        size_t j = (size_t)self->slots[i].hash & (cap - 1);
        while (slots[j].id >= 0) j = (j + 1) & (cap - 1);
        slots[j] = self->slots[i];
    }
    free(self->slots);
    self->slots = slots;
    self->mask = cap - 1;
    return 0;
}

/* Adds one unseen token (code points src[start:end]) to the table at `slot`; -1 on error. */
static int64_t table_add(TokenTable *self, size_t slot, uint64_t h, PyObject *text, Py_ssize_t start,
                         Py_ssize_t end, PyObject *unknown) {
    Py_ssize_t len = end - start;
    Py_UCS4 *key = malloc((size_t)(len ? len : 1) * sizeof(Py_UCS4));
    PyObject *word = PyUnicode_Substring(text, start, end);
    if (!key || !word || !PyUnicode_AsUCS4(word, key, len, 0) || PyList_Append(unknown, word) < 0) {
        free(key); Py_XDECREF(word);
        if (!PyErr_Occurred()) PyErr_NoMemory();
        return -1;
    }
    Py_DECREF(word);
    int64_t id = self->count++;
    self->slots[slot].hash = h; self->slots[slot].id = id; self->slots[slot].key = key; self->slots[slot].len = len;
    if ((size_t)self->count * 2 > self->mask + 1 && table_grow(self) < 0) { PyErr_NoMemory(); return -1; }
    return id;
}

/* One scanning loop per string kind (1, 2 or 4 bytes per code point): no per-character switch. */
#define DEFINE_SCAN(NAME, CHAR)                                                                          \
static Py_ssize_t NAME(TokenTable *self, PyObject *text, const CHAR *src, Py_ssize_t n, int64_t *out,   \
                       CHAR *joined, Py_ssize_t *joined_len, PyObject *unknown) {                     \
    Py_ssize_t n_tokens = 0, j = 0, i = 0;                                                               \
    while (i < n) {                                                                                      \
        while (i < n && Py_UNICODE_ISSPACE(src[i])) i++;                                                 \
        if (i >= n) break;                                                                               \
        Py_ssize_t start = i;                                                                            \
        uint64_t h = 0xcbf29ce484222325ULL;                                                              \
        if (j) joined[j++] = ' ';                                                                        \
        while (i < n && !Py_UNICODE_ISSPACE(src[i])) {                                                   \
            h = (h ^ (uint64_t)src[i]) * 0x100000001b3ULL;                                               \
            joined[j++] = src[i];                                                                        \
            i++;                                                                                         \
        }                                                                                                \
        Py_ssize_t len = i - start;                                                                      \
        h ^= h >> 29;                                                                                    \
        size_t slot = (size_t)h & self->mask;                                                            \
        int64_t id = -1;                                                                                 \
        while (self->slots[slot].id >= 0) {                                                              \
            const Slot *probe = &self->slots[slot];                                                      \
            if (probe->hash == h && probe->len == len) {                                                 \
                Py_ssize_t k = 0;                                                                        \
                while (k < len && probe->key[k] == (Py_UCS4)src[start + k]) k++;                         \
                if (k == len) { id = probe->id; break; }                                                 \
            }                                                                                            \
            slot = (slot + 1) & self->mask;                                                              \
        }                                                                                                \
        if (id < 0 && (id = table_add(self, slot, h, text, start, i, unknown)) < 0) return -1;           \
        out[n_tokens++] = id;                                                                            \
    }                                                                                                    \
    *joined_len = j;                                                                                     \
    return n_tokens;                                                                                     \
}

DEFINE_SCAN(scan_ucs1, Py_UCS1)
DEFINE_SCAN(scan_ucs2, Py_UCS2)
DEFINE_SCAN(scan_ucs4, Py_UCS4)

static PyObject *table_lookup(TokenTable *self, PyObject *arg) {
    if (!PyUnicode_Check(arg)) { PyErr_SetString(PyExc_TypeError, "lookup() needs a str"); return NULL; }
    if (PyUnicode_READY(arg) < 0) return NULL;
    int kind = PyUnicode_KIND(arg);
    const void *data = PyUnicode_DATA(arg);
    Py_ssize_t n = PyUnicode_GET_LENGTH(arg);
    int64_t *out = malloc((size_t)(n / 2 + 1) * sizeof(int64_t));
    void *joined = malloc((size_t)(n + 1) * (size_t)kind);
    PyObject *unknown = PyList_New(0);
    PyObject *result = NULL;
    Py_ssize_t n_tokens = -1, joined_len = 0;
    if (!out || !joined || !unknown) { if (!PyErr_Occurred()) PyErr_NoMemory(); goto done; }
    if (kind == PyUnicode_1BYTE_KIND)
        n_tokens = scan_ucs1(self, arg, (const Py_UCS1 *)data, n, out, (Py_UCS1 *)joined, &joined_len, unknown);
    else if (kind == PyUnicode_2BYTE_KIND)
        n_tokens = scan_ucs2(self, arg, (const Py_UCS2 *)data, n, out, (Py_UCS2 *)joined, &joined_len, unknown);
    else
        n_tokens = scan_ucs4(self, arg, (const Py_UCS4 *)data, n, out, (Py_UCS4 *)joined, &joined_len, unknown);
    if (n_tokens < 0) goto done;
    {
        PyObject *ids = PyBytes_FromStringAndSize((const char *)out, n_tokens * (Py_ssize_t)sizeof(int64_t));
        PyObject *text = PyUnicode_FromKindAndData(kind, joined, joined_len);
        if (ids && text) result = PyTuple_Pack(3, ids, unknown, text);
        Py_XDECREF(ids); Py_XDECREF(text);
    }
done:
    free(out); free(joined); Py_XDECREF(unknown);
    return result;
}

static Py_ssize_t table_len(TokenTable *self) { return self->count; }

static PyMethodDef table_methods[] = {
    {"lookup", (PyCFunction)table_lookup, METH_O,
     "lookup(text) -> (ids as int64 bytes, unseen tokens in id order, tokens joined by single spaces)"},
    {NULL, NULL, 0, NULL},
};

static PySequenceMethods table_as_sequence = {.sq_length = (lenfunc)table_len};

static PyTypeObject TokenTableType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "etl.enrich._speedups.TokenTable",
    .tp_basicsize = sizeof(TokenTable),
    .tp_dealloc = (destructor)table_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Whitespace token -> id table (see etl/enrich/vocab.py).",
    .tp_methods = table_methods,
    .tp_as_sequence = &table_as_sequence,
    .tp_new = table_new,
};


/* ---- capitalised runs ------------------------------------------------------------------
 *
 * capitalised_runs(text, start) == etl.enrich.entities._RUN_RE.findall(text, start), without the
 * regex engine's per-character cost. The pattern
 *     [A-Z]W*(?:S(?:(?:of|the|...)S){0,2}[A-Z]W*)*     W = [\w'’&.-], S = [ \u00a0]
 * needs no backtracking into W (S is not in W), and after S either an upper-case letter
 * (no connector) or a lower-case connector word can follow, never both, so one forward
 * pass decides every match.
 */

static const char *const CONNECTORS[] = {"of", "the", "for", "de", "del", "da", "der", "van", "von",
                                         "bin", "al", "du", "la", "le", NULL};

static inline int is_sep(Py_UCS4 ch) { return ch == ' ' || ch == 0xA0; }

static inline int is_word(Py_UCS4 ch) {
    return Py_UNICODE_ISALNUM(ch) || ch == '_' || ch == '\'' || ch == 0x2019 || ch == '&' || ch == '.' ||
           ch == '-';
}

static inline int is_upper_ascii(Py_UCS4 ch) { return ch >= 'A' && ch <= 'Z'; }

/* Length of the connector at `j` including the separator after it, or 0. */
static Py_ssize_t connector_at(int kind, const void *data, Py_ssize_t n, Py_ssize_t j) {
    for (int c = 0; CONNECTORS[c]; c++) {
        const char *w = CONNECTORS[c];
        Py_ssize_t k = 0;
        while (w[k] && j + k < n && PyUnicode_READ(kind, data, j + k) == (Py_UCS4)(unsigned char)w[k]) k++;
        if (!w[k] && j + k < n && is_sep(PyUnicode_READ(kind, data, j + k))) return k + 1;
    }
    return 0;
}

static PyObject *capitalised_runs(PyObject *self, PyObject *args) {
    PyObject *text;
    Py_ssize_t start = 0;
    if (!PyArg_ParseTuple(args, "U|n", &text, &start)) return NULL;
    if (PyUnicode_READY(text) < 0) return NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (start < 0) start = 0;
    PyObject *runs = PyList_New(0);
    if (!runs) return NULL;
    Py_ssize_t i = start;
    while (i < n) {
        if (!is_upper_ascii(PyUnicode_READ(kind, data, i))) { i++; continue; }
        Py_ssize_t begin = i++;
        while (i < n && is_word(PyUnicode_READ(kind, data, i))) i++;
        Py_ssize_t end = i;
        for (;;) {
            Py_ssize_t j = end;
            if (j >= n || !is_sep(PyUnicode_READ(kind, data, j))) break;
            j++;
            for (int c = 0; c < 2; c++) {
                Py_ssize_t len = connector_at(kind, data, n, j);
                if (!len) break;
                j += len;
            }
            if (j >= n || !is_upper_ascii(PyUnicode_READ(kind, data, j))) break;
            j++;
            while (j < n && is_word(PyUnicode_READ(kind, data, j))) j++;
            end = j;
        }
        PyObject *run = PyUnicode_Substring(text, begin, end);
        if (!run || PyList_Append(runs, run) < 0) { Py_XDECREF(run); Py_DECREF(runs); return NULL; }
        Py_DECREF(run);
        i = end;
    }
    return runs;
}


/* ---- keyword selection -------------------------------------------------------------------
 *
 * select_keywords(rows, phrases, n_tokens, min_tf, limit, keyword_words) -> list[str]
 * scores keyword_stats()'s output and picks the best candidates, exactly as
 * etl.enrich.keywords.select_keywords_py does: the same double arithmetic in the same order with
 * libm's log1p/log2 (Python's math module calls the same functions), candidates ordered by
 * score then text, skipping any that is a contiguous part of, or contains, a chosen one.
 */

typedef struct {
    double score;
    int64_t rows[3];
    int len;
} Candidate;

static int by_score(const void *x, const void *y) {
    double a = ((const Candidate *)x)->score, b = ((const Candidate *)y)->score;
    return (a < b) - (a > b);  /* descending */
}

static int contains(const Candidate *outer, const Candidate *inner) {
    for (int start = 0; start + inner->len <= outer->len; start++) {
        int k = 0;
        while (k < inner->len && outer->rows[start + k] == inner->rows[k]) k++;
        if (k == inner->len) return 1;
    }
    return 0;
}

static PyObject *candidate_text(const Candidate *c, const int64_t *words, PyObject *keyword_words) {
    PyObject *parts = PyList_New(c->len);
    if (!parts) return NULL;
    for (int k = 0; k < c->len; k++) {
        PyObject *word = PyList_GetItem(keyword_words, (Py_ssize_t)words[c->rows[k]]);
        if (!word) { Py_DECREF(parts); return NULL; }
        Py_INCREF(word);
        PyList_SET_ITEM(parts, k, word);
    }
    if (c->len == 1) {
        PyObject *only = PyList_GET_ITEM(parts, 0);
        Py_INCREF(only);
        Py_DECREF(parts);
        return only;
    }
    PyObject *space = PyUnicode_FromString(" ");
    PyObject *joined = space ? PyUnicode_Join(space, parts) : NULL;
    Py_XDECREF(space);
    Py_DECREF(parts);
    return joined;
}

static PyObject *select_keywords(PyObject *self, PyObject *args) {
    Py_buffer rows_view, phrases_view;
    Py_ssize_t n_tokens, limit;
    long long min_tf;
    PyObject *keyword_words;
    if (!PyArg_ParseTuple(args, "y*y*nLnO!", &rows_view, &phrases_view, &n_tokens, &min_tf, &limit, &PyList_Type,
                          &keyword_words))
        return NULL;
    PyObject *chosen = NULL;
    Candidate *cands = NULL;
    Candidate *picked = NULL;
    double *weight = NULL;
    int64_t *words = NULL;
    Py_ssize_t size = rows_view.len / (5 * 8), n_phrases = phrases_view.len / (4 * 8);
    const int64_t *row = (const int64_t *)rows_view.buf, *ph = (const int64_t *)phrases_view.buf;
    if (rows_view.len % 40 || phrases_view.len % 32 || n_tokens <= 0) {
        PyErr_SetString(PyExc_ValueError, "select_keywords: malformed statistics");
        goto done;
    }
    chosen = PyList_New(0);
    cands = malloc((size_t)(size + n_phrases + 1) * sizeof(Candidate));
    picked = malloc((size_t)(limit > 0 ? limit : 1) * sizeof(Candidate));
    weight = malloc((size_t)(size + 1) * sizeof(double));
    words = malloc((size_t)(size + 1) * sizeof(int64_t));
    if (!chosen || !cands || !picked || !weight || !words) { if (!PyErr_Occurred()) PyErr_NoMemory(); goto done; }
    Py_ssize_t total = 0;
    double inv_n = 1.0 / (double)n_tokens;
    for (Py_ssize_t r = 0; r < size; r++) {
        const int64_t *w = row + 5 * r;  /* word, count, first, last, capitalised */
        words[r] = w[0];
        if (w[0] < 0 || w[0] >= PyList_GET_SIZE(keyword_words)) {
            PyErr_SetString(PyExc_IndexError, "keyword id outside keyword_words");
            goto done;
        }
        double count = (double)w[1];
        double first = (double)w[2] * inv_n;
        double spread = (double)w[3] * inv_n - first;
        double share = (double)w[4] / count;
        double value = log1p(count);
        value = value * (1.0 + spread);
        value = value * (1.0 + 1.0 / log2(2.0 + 20.0 * first));
        value = value * (1.0 + 0.5 * (share < 1.0 ? share : 1.0));
        weight[r] = value;
        if (w[1] >= min_tf) {
            cands[total].score = value;
            cands[total].rows[0] = r;
            cands[total].len = 1;
            total++;
        }
    }
    for (Py_ssize_t p = 0; p < n_phrases; p++) {
        const int64_t *q = ph + 4 * p;  /* a, b, c (-1 for a bigram), count */
        int len = q[2] < 0 ? 2 : 3;
        for (int k = 0; k < len; k++) {
            if (q[k] < 0 || q[k] >= size) { PyErr_SetString(PyExc_IndexError, "phrase row outside rows"); goto done; }
        }
        double mean = len == 2 ? (weight[q[0]] + weight[q[1]]) / 2 : (weight[q[0]] + weight[q[1]] + weight[q[2]]) / 3;
        cands[total].score = log1p((double)q[3]) * mean * (len == 2 ? 1.6 : 1.8);
        cands[total].rows[0] = q[0]; cands[total].rows[1] = q[1]; cands[total].rows[2] = len == 3 ? q[2] : -1;
        cands[total].len = len;
        total++;
    }
    qsort(cands, (size_t)total, sizeof(Candidate), by_score);
    Py_ssize_t n_picked = 0;
    for (Py_ssize_t i = 0; i < total && n_picked < limit;) {
        Py_ssize_t j = i + 1;
        while (j < total && cands[j].score == cands[i].score) j++;
        /* Equal scores: ordered by text (str order), so no id or row order shows through. */
        PyObject *texts = PyList_New(0);
        if (!texts) goto done;
        for (Py_ssize_t k = i; k < j; k++) {
            PyObject *text = candidate_text(&cands[k], words, keyword_words);
            PyObject *index = PyLong_FromSsize_t(k);
            PyObject *pair = text && index ? PyTuple_Pack(2, text, index) : NULL;
            Py_XDECREF(text); Py_XDECREF(index);
            if (!pair || PyList_Append(texts, pair) < 0) { Py_XDECREF(pair); Py_DECREF(texts); goto done; }
            Py_DECREF(pair);
        }
        if (j > i + 1 && PyList_Sort(texts) < 0) { Py_DECREF(texts); goto done; }
        for (Py_ssize_t k = 0; k < j - i && n_picked < limit; k++) {
            PyObject *pair = PyList_GET_ITEM(texts, k);
            const Candidate *c = &cands[PyLong_AsSsize_t(PyTuple_GET_ITEM(pair, 1))];
            int skip = 0;
            for (Py_ssize_t m = 0; m < n_picked && !skip; m++) skip = contains(&picked[m], c) || contains(c, &picked[m]);
            if (skip) continue;
            if (PyList_Append(chosen, PyTuple_GET_ITEM(pair, 0)) < 0) { Py_DECREF(texts); goto done; }
            picked[n_picked++] = *c;
        }
        Py_DECREF(texts);
        i = j;
    }
    free(cands); free(picked); free(weight); free(words);
    PyBuffer_Release(&rows_view); PyBuffer_Release(&phrases_view);
    return chosen;
done:
    Py_XDECREF(chosen);
    free(cands); free(picked); free(weight); free(words);
    PyBuffer_Release(&rows_view); PyBuffer_Release(&phrases_view);
    return NULL;
}

static PyMethodDef methods[] = {
    {"simhash", simhash, METH_VARARGS, "SimHash of token ids (see etl.enrich.dedup)."},
    {"keyword_stats", keyword_stats, METH_VARARGS, "Candidate-word and phrase counts (see etl.enrich.keywords)."},
    {"select_keywords", select_keywords, METH_VARARGS, "Score keyword_stats() and pick the best (see etl.enrich.keywords)."},
    {"capitalised_runs", capitalised_runs, METH_VARARGS, "etl.enrich.entities._RUN_RE.findall(text, start), in C."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "etl.enrich._speedups", NULL, -1, methods};

PyMODINIT_FUNC PyInit__speedups(void) {
    init_spread();
    if (PyType_Ready(&TokenTableType) < 0) return NULL;
    PyObject *m = PyModule_Create(&module);
    if (!m) return NULL;
    Py_INCREF(&TokenTableType);
    if (PyModule_AddObject(m, "TokenTable", (PyObject *)&TokenTableType) < 0) {
        Py_DECREF(&TokenTableType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
