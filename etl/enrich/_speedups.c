/*
 * Optional C versions of kernels of the enrich stage (etl/enrich/vocab.py, dedup.py, keywords.py,
 * entities.py); sentence splitting has its own (etl/segment/_speedups.c).
 *
 * Each computes exactly what its numpy/Python version computes, so results never depend on whether
 * this module was built; tests compare the two on the BBC corpus and by hypothesis. They exist
 * because the numpy versions spend most of their time in the fixed cost of a few dozen small-array
 * calls per article, and the Python ones in per-token and per-terminator interpreter work.
 *
 *   TokenTable().lookup(text) -> (ids: bytes, unseen tokens, tokens joined by single spaces)
 *   analyse_tokens(tokens, lexicon, keyword_ids, keyword_words, slow, breaks, closers, capital_skip)
 *       -> the table rows of new tokens (see there)
 *   simhash(ids, hash0) -> int
 *   keyword_candidates(ids, keyword, offset, max_words, position_scale, single_candidates)
 *       -> the candidate keyword runs, grouped and weighted, as Python lists (see there)
 *   capitalised_runs(text, start) -> list[str]
 *   capitalised_runs_context(text, start, words) -> list[(run, before, after)]
 *   entity_runs(text, start, resume, words, free_cache, cache, slots) -> None | (key, end)
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

/* ---- Flag counts ------------------------------------------------------------------------- */

/* count_flagged(ids, flags, limit): how many of the first `limit` (all when negative) tokens have a
 * non-zero byte in `flags` (one byte per token id): the word count's stand-alone punctuation and the
 * English test's function words (etl.enrich.vocab.count_flagged is the reference). numpy did this
 * gather as `flags[ids].sum()`; the tables are array.array buffers now, so etl parse imports no numpy. */
static PyObject *count_flagged(PyObject *self, PyObject *args) {
    PyObject *o_ids, *o_flags;
    Py_ssize_t limit;
    if (!PyArg_ParseTuple(args, "OOn", &o_ids, &o_flags, &limit)) return NULL;
    Buf ids, flags;
    if (get_buf(o_ids, &ids, 8, "ids") < 0) return NULL;
    if (get_buf(o_flags, &flags, 1, "flags") < 0) { PyBuffer_Release(&ids.view); return NULL; }
    PyObject *result = NULL;
    const int64_t *id = (const int64_t *)ids.view.buf;
    const unsigned char *flag = (const unsigned char *)flags.view.buf;
    Py_ssize_t n = limit >= 0 && limit < ids.len ? limit : ids.len;
    if (check_ids(id, n, flags.len) == 0) {
        Py_ssize_t count = 0;
        for (Py_ssize_t i = 0; i < n; i++) count += flag[id[i]] != 0;
        result = PyLong_FromSsize_t(count);
    }
    PyBuffer_Release(&ids.view); PyBuffer_Release(&flags.view);
    return result;
}

/* ---- keyword runs -------------------------------------------------------------------------
 *
 * The candidate runs of etl.enrich.keywords, exactly as keywords.bounds_numpy finds them (integer
 * logic only). A token's record (etl.enrich.vocab.Tables.keyword): keyword id in the low 32 bits
 * (0xFFFFFFFF: none), bit 32 Capitalised, 33 clause punctuation before, 34 after, keyword_core()'s
 * flags in bits 35-40, the plural-folded word's keyword id from bit 41. `offset` tokens of title
 * come first (0: none): a sentence starts after them and no run crosses into the body.
 */
#define KW_NONE 0xFFFFFFFFu
#define KF_END 1u
#define KF_OF 2u
#define KF_THE 4u
#define KF_PARTICLE 8u
#define KF_TITLE 16u
#define KF_VERBISH 32u

static inline uint64_t mix(uint64_t x) {
    x ^= x >> 33; x *= 0xff51afd7ed558ccdULL; x ^= x >> 33;
    return x;
}

/* The runs of n tokens (ids into pk, the keyword records) as (start, end, mid) records in `out`
 * (room for 3 * n), positions into ids; `st` is n zeroed bytes of scratch. Returns how many. */
static Py_ssize_t scan_runs(const int64_t *id, const uint64_t *pk, Py_ssize_t n, Py_ssize_t offset,
                            Py_ssize_t max_words, uint8_t *st, int64_t *out) {
    /* Per token, bit by bit: what the numpy version holds in boolean arrays. */
    enum { CAP = 1, INITIAL = 2, OPEN = 4, CONTENT = 8, VALID = 16, PROPER = 32, MID = 64, TITLED = 128 };
#define REC(t) (pk[id[t]])
#define FL(t) ((uint32_t)(REC(t) >> 35) & 0x3Fu)
    for (Py_ssize_t t = 0; t < n; t++) {
        uint64_t r = REC(t);
        uint32_t f = FL(t);
        uint8_t b = 0;
        if ((r >> 32) & 1u) b |= CAP;
        if (t == 0 || t == offset || (FL(t - 1) & KF_END)) b |= INITIAL;
        if (t + 1 < n && !((r >> 34) & 1u) && !((REC(t + 1) >> 33) & 1u) && !(offset && t == offset - 1)) b |= OPEN;
        if ((uint32_t)(r & 0xFFFFFFFFu) != KW_NONE && !(f & (KF_OF | KF_THE | KF_PARTICLE)) &&
            !((b & INITIAL) && (f & KF_VERBISH)))
            b |= CONTENT;
        st[t] = b;
    }
#define CAPITAL(t) ((st[t] & (CONTENT | CAP)) == (CONTENT | CAP))
#define NEXT_CAPITAL(t) ((t) + 1 < n && (st[t] & OPEN) && CAPITAL((t) + 1))
    for (Py_ssize_t t = 0; t < n; t++) {
        uint32_t f = FL(t);
        int joiner = 0;
        if (f & KF_PARTICLE) {
            /* "van Gogh"; "van den Bergh": a particle before a particle before a Capitalised word. */
            joiner = NEXT_CAPITAL(t) ||
                     (t + 1 < n && (st[t] & OPEN) && (FL(t + 1) & KF_PARTICLE) && NEXT_CAPITAL(t + 1));
        }
        if (f & KF_OF) {
            int previous = t > 0 && (st[t - 1] & OPEN) && CAPITAL(t - 1);
            int next_the = t + 2 < n && (FL(t + 1) & KF_THE) && (st[t] & OPEN) && NEXT_CAPITAL(t + 1);
            joiner |= previous && (NEXT_CAPITAL(t) || next_the);
        }
        if ((f & KF_THE) && t > 0 && (st[t - 1] & OPEN) && NEXT_CAPITAL(t)) {
            /* the "of" before it joins: it has a Capitalised word before it */
            Py_ssize_t o = t - 1;
            joiner |= (FL(o) & KF_OF) && o > 0 && (st[o - 1] & OPEN) && CAPITAL(o - 1);
        }
        if (st[t] & CONTENT) st[t] |= VALID;
        if (joiner) st[t] |= VALID | PROPER;
        if (st[t] & CAP) st[t] |= PROPER;
        if (CAPITAL(t) && !(st[t] & INITIAL)) st[t] |= MID;
        if ((f & KF_TITLE) && (st[t] & CAP)) st[t] |= TITLED;
    }
#define LINKED(t) ((st[t] & VALID) && (st[(t) + 1] & VALID) && (st[t] & OPEN) && \
                   (((st[t] & PROPER) == (st[(t) + 1] & PROPER)) || ((st[t] & INITIAL) && CAPITAL(t))))
    Py_ssize_t runs = 0;
    for (Py_ssize_t s = 0; s < n;) {
        if (!(st[s] & VALID)) { s++; continue; }
        Py_ssize_t e = s + 1;
        while (e < n && LINKED(e - 1)) e++;
        Py_ssize_t next = e, a = s;
        if (e - a > 1) {
            /* A title or role sheds what is before it (keywords._shed_title). */
            for (Py_ssize_t t = e - 2; t >= a; t--) {
                if ((st[t] & TITLED) && (st[t + 1] & CONTENT) && (t < e - 2 || (st[t] & INITIAL))) { a = t + 1; break; }
            }
        }
        if (e - a > max_words) {
            a = e - max_words;
            while (!(st[a] & CONTENT)) a++;
        }
        int64_t mid = 0;
        for (Py_ssize_t t = a; t < e; t++) if (st[t] & MID) { mid = 1; break; }
        out[3 * runs] = (int64_t)a;
        out[3 * runs + 1] = (int64_t)e;
        out[3 * runs + 2] = mid;
        runs++;
        s = next;
    }
#undef LINKED
#undef NEXT_CAPITAL
#undef CAPITAL
#undef FL
#undef REC
    return runs;
}

/* keyword_candidates' arguments: buffers checked, scratch allocated. */
typedef struct {
    Buf ids, packed;
    int got;
    const int64_t *id;
    const uint64_t *pk;
    Py_ssize_t n;
    uint8_t *st;
    int64_t *runs;
} RunArgs;

static int run_args(RunArgs *r, PyObject *o_ids, PyObject *o_packed, Py_ssize_t max_words) {
    memset(r, 0, sizeof(*r));
    if (max_words < 1) { PyErr_SetString(PyExc_ValueError, "max_words must be at least 1"); return -1; }
    if (get_buf(o_ids, &r->ids, 8, "ids") < 0) return -1;
    r->got = 1;
    if (get_buf(o_packed, &r->packed, 8, "keyword") < 0) return -1;
    r->got = 2;
    r->id = (const int64_t *)r->ids.view.buf;
    r->pk = (const uint64_t *)r->packed.view.buf;
    r->n = r->ids.len;
    if (check_ids(r->id, r->n, r->packed.len) < 0) return -1;
    size_t alloc = (size_t)(r->n > 0 ? r->n : 1);
    r->st = calloc(alloc, 1);
    r->runs = malloc(alloc * 3 * sizeof(int64_t));
    if (!r->st || !r->runs) { PyErr_NoMemory(); return -1; }
    return 0;
}

static void run_args_free(RunArgs *r) {
    free(r->st);
    free(r->runs);
    if (r->got >= 1) PyBuffer_Release(&r->ids.view);
    if (r->got >= 2) PyBuffer_Release(&r->packed.view);
}

/* keyword_candidates(ids, keyword, offset, max_words, position_scale, single_candidates)
 *     -> ([(key, weight, votes, first)], [(title key, first)])
 * exactly what keywords.candidates_python computes from keywords.bounds_numpy's runs: one item per
 * distinct body run, keyed by the tuple of its words' plural-folded ids (record bits 41-63), in
 * first-seen order (first: index into ids; votes: its Capitalised-inside-a-sentence occurrences),
 * and its weight, a double: the sum in text order of 1 / (1 + (start - offset) / position_scale), the
 * same double operations as Python's. Only the one-word candidates weighing at least the
 * single_candidates-th heaviest one-word weight, or holding a word of a longer candidate, are kept.
 * Title runs (start < offset) are not grouped: one record each. */

static int by_weight_desc(const void *x, const void *y) {
    double a = *(const double *)x, b = *(const double *)y;
    return (a < b) - (a > b);
}

#define KC_FIELDS 7

/* The tuple of a record's folded word ids (its key in keywords.keywords_of). */
static PyObject *candidate_key(const int64_t *row) {
    PyObject *key = PyTuple_New(row[0]);
    if (!key) return NULL;
    for (int64_t q = 0; q < row[0]; q++) {
        PyObject *id = PyLong_FromLongLong(row[1 + q]);
        if (!id) { Py_DECREF(key); return NULL; }
        PyTuple_SET_ITEM(key, q, id);
    }
    return key;
}

static PyObject *keyword_candidates(PyObject *self, PyObject *args) {
    PyObject *o_ids, *o_packed;
    Py_ssize_t offset, max_words;
    double scale;
    Py_ssize_t keep;
    if (!PyArg_ParseTuple(args, "OOnndn", &o_ids, &o_packed, &offset, &max_words, &scale, &keep)) return NULL;
    if (max_words > 4) { PyErr_SetString(PyExc_ValueError, "max_words is at most 4"); return NULL; }
    if (keep < 1) { PyErr_SetString(PyExc_ValueError, "single_candidates must be at least 1"); return NULL; }
    RunArgs r;
    PyObject *cands = NULL, *titles = NULL, *result = NULL;
    int64_t *rec = NULL, *trec = NULL, *slots = NULL;
    double *weight = NULL, *sorted = NULL;
    if (run_args(&r, o_ids, o_packed, max_words) < 0) goto done;
    Py_ssize_t runs = scan_runs(r.id, r.pk, r.n, offset, max_words, r.st, r.runs);
    size_t alloc = (size_t)(runs > 0 ? runs : 1), cap = 16;
    while (cap < 2 * alloc) cap <<= 1;
    rec = malloc(alloc * KC_FIELDS * sizeof(int64_t));
    trec = malloc(alloc * KC_FIELDS * sizeof(int64_t));
    weight = malloc(alloc * sizeof(double));
    slots = malloc(cap * sizeof(int64_t));
    sorted = malloc(alloc * sizeof(double));
    if (!rec || !trec || !weight || !slots || !sorted) { PyErr_NoMemory(); goto done; }
    for (size_t i = 0; i < cap; i++) slots[i] = -1;
    Py_ssize_t m = 0, t = 0;
    for (Py_ssize_t k = 0; k < runs; k++) {
        int64_t s = r.runs[3 * k], e = r.runs[3 * k + 1], mid = r.runs[3 * k + 2];
        int64_t key[5] = {e - s, -1, -1, -1, -1};
        uint64_t h = (uint64_t)(e - s);
        for (int64_t q = s; q < e; q++) {
            key[1 + q - s] = (int64_t)(r.pk[r.id[q]] >> 41);
            h = mix(h * 0x9E3779B97F4A7C15ULL + (uint64_t)key[1 + q - s]);
        }
        if (s < offset) {  /* a title run */
            memcpy(&trec[KC_FIELDS * t], key, sizeof(key));
            trec[KC_FIELDS * t + 5] = s;
            trec[KC_FIELDS * t + 6] = mid;
            t++;
            continue;
        }
        double w = 1.0 / (1.0 + (double)(s - offset) / scale);
        size_t i = (size_t)h & (cap - 1);
        for (;;) {
            int64_t c = slots[i];
            if (c < 0) {
                slots[i] = m;
                memcpy(&rec[KC_FIELDS * m], key, sizeof(key));
                rec[KC_FIELDS * m + 5] = s;
                rec[KC_FIELDS * m + 6] = mid;
                weight[m] = w;
                m++;
                break;
            }
            if (memcmp(&rec[KC_FIELDS * c], key, sizeof(key)) == 0) {
                weight[c] += w;
                rec[KC_FIELDS * c + 6] += mid;
                break;
            }
            i = (i + 1) & (cap - 1);
        }
    }
    /* Keep the heaviest one-word candidates and the parts of longer ones, in place, in order. */
    Py_ssize_t singles = 0;
    for (Py_ssize_t c = 0; c < m; c++) if (rec[KC_FIELDS * c] == 1) sorted[singles++] = weight[c];
    if (singles) {
        qsort(sorted, (size_t)singles, sizeof(double), by_weight_desc);
        double floor = sorted[(singles < keep ? singles : keep) - 1];
        Py_ssize_t kept = 0;
        for (Py_ssize_t c = 0; c < m; c++) {
            int ok = rec[KC_FIELDS * c] > 1 || weight[c] >= floor;
            for (Py_ssize_t o = 0; !ok && o < m; o++) {
                if (rec[KC_FIELDS * o] < 2) continue;
                for (int64_t q = 1; q <= rec[KC_FIELDS * o]; q++)
                    if (rec[KC_FIELDS * o + q] == rec[KC_FIELDS * c + 1]) { ok = 1; break; }
            }
            if (!ok) continue;
            if (kept != c) {
                memmove(&rec[KC_FIELDS * kept], &rec[KC_FIELDS * c], KC_FIELDS * sizeof(int64_t));
                weight[kept] = weight[c];
            }
            kept++;
        }
        m = kept;
    }
    /* Straight into the lists keywords._candidates returns: no bytes for numpy to convert back. */
    if (!(cands = PyList_New(m)) || !(titles = PyList_New(t))) goto done;
    for (Py_ssize_t c = 0; c < m; c++) {
        const int64_t *row = &rec[KC_FIELDS * c];
        PyObject *key = candidate_key(row);
        PyObject *item = key ? Py_BuildValue("(NdLL)", key, weight[c], (long long)row[6], (long long)row[5]) : NULL;
        if (!item) goto done;
        PyList_SET_ITEM(cands, c, item);
    }
    for (Py_ssize_t c = 0; c < t; c++) {
        const int64_t *row = &trec[KC_FIELDS * c];
        PyObject *key = candidate_key(row);
        PyObject *item = key ? Py_BuildValue("(NL)", key, (long long)row[5]) : NULL;
        if (!item) goto done;
        PyList_SET_ITEM(titles, c, item);
    }
    result = PyTuple_Pack(2, cands, titles);
done:
    Py_XDECREF(cands); Py_XDECREF(titles);
    free(rec); free(trec); free(weight); free(slots); free(sorted);
    run_args_free(&r);
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


/* ---- token analysis ----------------------------------------------------------------------
 *
 * analyse_tokens(tokens, lexicon, keyword_ids, keyword_words, slow)
 *     -> (hash0, keyword, function_word, is_the, punctuation): bytes, one item per token
 * the rows etl.enrich.vocab.Vocabulary._register_python writes for new tokens, for a cold process's
 * ~65,000 distinct BBC tokens in a fraction of its time. A pure-ASCII token (nearly all of them) is
 * analysed here: keyword_core() transcribed for ASCII (lower() and casefold() are the ASCII
 * lower-casing, isalpha/isupper the ASCII classes), membership in the word lists of `lexicon` (the
 * Python frozensets, so there is one copy of them). Any other token is passed to `slow(token)`, which
 * returns (core, before, after, flags, capitalised, folded core, casefolded token) from the Python
 * rules. Keyword ids are handed out in token order, core before its plural-folded form, exactly as in
 * Python. hash0 is BLAKE2b with an 8-byte digest of the casefolded token's UTF-8, little-endian
 * (RFC 7693; hashlib.blake2b(..., digest_size=8)).
 */

static const uint64_t B2_IV[8] = {0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL,
                                  0xa54ff53a5f1d36f1ULL, 0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL,
                                  0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL};
static const uint8_t B2_SIGMA[12][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4}, {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13}, {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11}, {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5}, {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
};

static inline uint64_t rotr(uint64_t v, int k) { return (v >> k) | (v << (64 - k)); }

static void b2_compress(uint64_t h[8], const uint8_t block[128], uint64_t counter, int last) {
    uint64_t m[16], v[16];
    for (int i = 0; i < 16; i++) {
        uint64_t w = 0;
        for (int b = 7; b >= 0; b--) w = (w << 8) | block[8 * i + b];
        m[i] = w;
    }
    for (int i = 0; i < 8; i++) { v[i] = h[i]; v[i + 8] = B2_IV[i]; }
    v[12] ^= counter;
    if (last) v[14] = ~v[14];
#define B2_G(a, b, c, d, x, y)                                   \
    do {                                                         \
        v[a] = v[a] + v[b] + (x); v[d] = rotr(v[d] ^ v[a], 32);  \
        v[c] = v[c] + v[d]; v[b] = rotr(v[b] ^ v[c], 24);        \
        v[a] = v[a] + v[b] + (y); v[d] = rotr(v[d] ^ v[a], 16);  \
        v[c] = v[c] + v[d]; v[b] = rotr(v[b] ^ v[c], 63);        \
    } while (0)
    for (int r = 0; r < 12; r++) {
        const uint8_t *s = B2_SIGMA[r];
        B2_G(0, 4, 8, 12, m[s[0]], m[s[1]]);
        B2_G(1, 5, 9, 13, m[s[2]], m[s[3]]);
        B2_G(2, 6, 10, 14, m[s[4]], m[s[5]]);
        B2_G(3, 7, 11, 15, m[s[6]], m[s[7]]);
        B2_G(0, 5, 10, 15, m[s[8]], m[s[9]]);
        B2_G(1, 6, 11, 12, m[s[10]], m[s[11]]);
        B2_G(2, 7, 8, 13, m[s[12]], m[s[13]]);
        B2_G(3, 4, 9, 14, m[s[14]], m[s[15]]);
    }
#undef B2_G
    for (int i = 0; i < 8; i++) h[i] ^= v[i] ^ v[i + 8];
}

/* BLAKE2b-64 (no key) of `len` bytes, as the little-endian integer of its digest. */
static uint64_t blake2b_64(const uint8_t *data, size_t len) {
    uint64_t h[8];
    memcpy(h, B2_IV, sizeof(h));
    h[0] ^= 0x01010000ULL ^ 8;  /* depth 1, fanout 1, no key, 8-byte digest */
    uint8_t block[128];
    size_t done = 0;
    while (len - done > 128) {
        memcpy(block, data + done, 128);
        done += 128;
        b2_compress(h, block, (uint64_t)done, 0);
    }
    memset(block, 0, sizeof(block));
    memcpy(block, data + done, len - done);
    b2_compress(h, block, (uint64_t)len, 1);
    return h[0];
}

/* The word lists, in the order etl.enrich.vocab._LEXICON gives them. */
enum { LX_PARTICLES, LX_STOPWORDS, LX_NEVER, LX_DATES, LX_LOWER_BREAKS, LX_ED_NOUNS, LX_LY_NOUNS, LX_GENERIC,
       LX_TITLES, LX_FUNCTION_WORDS, LX_PUNCTUATION, LX_COUNT };

typedef struct {
    PyObject *keyword_ids, *keyword_words;
    PyObject *sets[LX_COUNT];
    uint8_t breaks[128], closers[128], capital_skip[128];
} Analysis;

/* Whether the ASCII string s[:len] is in lexicon list `which`; -1 on error. */
static int in_set(const Analysis *a, int which, const char *s, Py_ssize_t len) {
    PyObject *word = PyUnicode_FromStringAndSize(s, len);
    if (!word) return -1;
    int found = PySet_Contains(a->sets[which], word);
    Py_DECREF(word);
    return found;
}

static inline int ends_with(const char *s, Py_ssize_t len, const char *suffix) {
    Py_ssize_t k = (Py_ssize_t)strlen(suffix);
    return len >= k && memcmp(s + len - k, suffix, (size_t)k) == 0;
}

/* fold_plural() of an ASCII word into `out` (room for len + 1); returns the new length. */
static Py_ssize_t fold_plural_ascii(const char *w, Py_ssize_t len, char *out) {
    memcpy(out, w, (size_t)len);
    if (len > 4 && ends_with(w, len, "ies")) { out[len - 3] = 'y'; return len - 2; }
    if (len > 3 && w[len - 1] == 's' && !ends_with(w, len, "ss") && !ends_with(w, len, "us") &&
        !ends_with(w, len, "is") && !ends_with(w, len, "'s"))
        return len - 1;
    return len;
}

/* keyword_words' id of `word` (added if new); -1 on error. */
static int64_t keyword_id(const Analysis *a, PyObject *word) {
    PyObject *known = PyDict_GetItemWithError(a->keyword_ids, word);
    if (known) return PyLong_AsLongLong(known);
    if (PyErr_Occurred()) return -1;
    Py_ssize_t id = PyList_GET_SIZE(a->keyword_words);
    PyObject *value = PyLong_FromSsize_t(id);
    if (!value || PyDict_SetItem(a->keyword_ids, word, value) < 0 || PyList_Append(a->keyword_words, word) < 0) {
        Py_XDECREF(value);
        return -1;
    }
    Py_DECREF(value);
    return id;
}

/* keyword_core() of an ASCII token of `len` characters, already lower-cased in `low`: sets *flags,
 * *before, *after and *capitalised; returns the core as a new str, Py_None (new reference) when the
 * token is no keyword word, NULL on error. `scratch` has room for len + 1 characters. */
static PyObject *keyword_core_ascii(const Analysis *a, const char *tok, const char *low, Py_ssize_t len,
                                    char *scratch, uint64_t *flags, uint64_t *before, uint64_t *after,
                                    uint64_t *capitalised) {
    Py_ssize_t s = 0, e = len;
    *flags = 0; *before = *after = 1; *capitalised = 0;
    while (s < len && a->breaks[(uint8_t)low[s]]) s++;
    while (e > s && a->breaks[(uint8_t)low[e - 1]]) e--;
    for (Py_ssize_t i = s; i < e; i++)
        if (a->breaks[(uint8_t)low[i]]) Py_RETURN_NONE;  /* "U.S.": punctuation inside */
    if (s == e) Py_RETURN_NONE;
    *before = s > 0; *after = e < len;
    if (*after) {
        Py_ssize_t r = len;
        while (r > 0 && a->closers[(uint8_t)low[r - 1]]) r--;
        /* Python: lowered.rstrip(_CLOSERS)[-1:] in ".!?" (and "" is in any string) */
        if (r == 0 || low[r - 1] == '.' || low[r - 1] == '!' || low[r - 1] == '?') *flags = KF_END;
    }
    Py_ssize_t k = 0;
    while (k < len && a->capital_skip[(uint8_t)tok[k]]) k++;
    *capitalised = k < len && tok[k] >= 'A' && tok[k] <= 'Z';
    const char *core = low + s;
    Py_ssize_t n = e - s;
    if (n == 2 && memcmp(core, "of", 2) == 0) { *flags |= KF_OF; return PyUnicode_FromStringAndSize(core, n); }
    if (n == 3 && memcmp(core, "the", 3) == 0) { *flags |= KF_THE; return PyUnicode_FromStringAndSize(core, n); }
    /* One str for every lookup (it caches its hash); a new one only if a possessive is shed. */
    PyObject *word = PyUnicode_FromStringAndSize(core, n);
    int found;
    if (!word) return NULL;
#define IN(which) if ((found = PySet_Contains(a->sets[which], word)) < 0) goto fail
    IN(LX_PARTICLES);
    if (found || (*capitalised && n == 3 && memcmp(core, "new", 3) == 0)) { *flags |= KF_PARTICLE; return word; }
    IN(LX_STOPWORDS);
    if (found) goto no_word;
    Py_ssize_t m = n;
    if (ends_with(core, m, "'s")) { m -= 2; *after = 1; }
    else if (m && core[m - 1] == '\'') { while (m && core[m - 1] == '\'') m--; *after = 1; }
    if (m < 3 || !(core[0] >= 'a' && core[0] <= 'z')) goto no_word;
    if (m != n) {
        Py_DECREF(word);
        n = m;
        if (!(word = PyUnicode_FromStringAndSize(core, n))) return NULL;
        IN(LX_STOPWORDS);
        if (found) goto no_word;
    }
    IN(LX_NEVER);
    if (found) goto no_word;
    if (core[n - 1] == 's') {  /* "Sundays" */
        Py_ssize_t fn = fold_plural_ascii(core, n, scratch);
        PyObject *folded = PyUnicode_FromStringAndSize(scratch, fn);
        if (!folded) goto fail;
        found = PySet_Contains(a->sets[LX_DATES], folded);
        Py_DECREF(folded);
        if (found < 0) goto fail;
        if (found) goto no_word;
    }
    if (memchr(core, '-', (size_t)n) && (ends_with(core, n, "ed") || ends_with(core, n, "ing")))
        goto no_word;  /* "London-based": an adjective */
    /* Written lower-case, a verb form, a vague adjective or a generic word is no keyword word. */
    IN(LX_LOWER_BREAKS);
    int breaks = found;
    if (!breaks && n > 4 && ends_with(core, n, "ed") && !ends_with(core, n, "eed")) {
        IN(LX_ED_NOUNS);
        breaks = !found;
    }
    if (!breaks && n > 4 && ends_with(core, n, "ly")) {
        IN(LX_LY_NOUNS);
        breaks = !found;
    }
    if (breaks) {
        if (!*capitalised) goto no_word;
        IN(LX_GENERIC);
        if (!found) *flags |= KF_VERBISH;
    }
    IN(LX_TITLES);
    if (found) *flags |= KF_TITLE;
#undef IN
    return word;
no_word:
    Py_DECREF(word);
    Py_RETURN_NONE;
fail:
    Py_DECREF(word);
    return NULL;
}

/* The keyword record of an ASCII token (keyword_core(), then the packing of _register); -1 on error. */
static int analyse_ascii(const Analysis *a, const char *tok, const char *low, Py_ssize_t len, char *scratch,
                         uint64_t *record) {
    uint64_t flags, before, after, capitalised;
    PyObject *word = keyword_core_ascii(a, tok, low, len, scratch, &flags, &before, &after, &capitalised);
    if (!word) return -1;
    uint64_t r = before << 33 | after << 34 | flags << 35;
    if (word == Py_None) {
        Py_DECREF(word);
        *record = r | KW_NONE;
        return 0;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(word);
    Py_ssize_t fn = fold_plural_ascii((const char *)PyUnicode_1BYTE_DATA(word), n, scratch);
    int64_t id = keyword_id(a, word);
    Py_DECREF(word);
    if (id < 0) return -1;
    int64_t fid = id;
    if (fn != n) {
        PyObject *folded = PyUnicode_FromStringAndSize(scratch, fn);
        if (!folded) return -1;
        fid = keyword_id(a, folded);
        Py_DECREF(folded);
        if (fid < 0) return -1;
    }
    *record = r | (uint64_t)id | capitalised << 32 | (uint64_t)fid << 41;
    return 0;
}

/* A token the Python rules analysed: slow(token) -> (core, before, after, flags, capitalised, folded
 * core, casefolded token). Sets the record and returns the casefolded token (new reference), or NULL. */
static PyObject *analyse_slow(const Analysis *a, PyObject *slow, PyObject *token, uint64_t *record) {
    PyObject *got = PyObject_CallOneArg(slow, token);
    if (!got) return NULL;
    PyObject *core, *folded, *casefolded;
    int before, after, capitalised;
    unsigned long long flags;
    if (!PyArg_ParseTuple(got, "UppKpUU", &core, &before, &after, &flags, &capitalised, &folded, &casefolded)) {
        Py_DECREF(got);
        return NULL;
    }
    uint64_t r = (uint64_t)before << 33 | (uint64_t)after << 34 | (uint64_t)flags << 35;
    if (PyUnicode_GET_LENGTH(core)) {
        int64_t id = keyword_id(a, core), fid = id < 0 ? -1 : keyword_id(a, folded);
        if (fid < 0) { Py_DECREF(got); return NULL; }
        r |= (uint64_t)id | (uint64_t)capitalised << 32 | (uint64_t)fid << 41;
    } else {
        r |= KW_NONE;
    }
    *record = r;
    Py_INCREF(casefolded);
    Py_DECREF(got);
    return casefolded;
}

static int char_table(PyObject *chars, uint8_t table[128]) {
    memset(table, 0, 128);
    if (!PyUnicode_Check(chars)) { PyErr_SetString(PyExc_TypeError, "expected a str of characters"); return -1; }
    for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(chars); i++) {
        Py_UCS4 ch = PyUnicode_READ_CHAR(chars, i);
        if (ch < 128) table[ch] = 1;
    }
    return 0;
}

static PyObject *analyse_tokens(PyObject *self, PyObject *args) {
    PyObject *tokens, *lexicon, *slow, *o_breaks, *o_closers, *o_skip;
    Analysis a;
    if (!PyArg_ParseTuple(args, "O!O!O!O!OUUU", &PyList_Type, &tokens, &PyTuple_Type, &lexicon, &PyDict_Type,
                          &a.keyword_ids, &PyList_Type, &a.keyword_words, &slow, &o_breaks, &o_closers, &o_skip))
        return NULL;
    if (PyTuple_GET_SIZE(lexicon) != LX_COUNT) { PyErr_SetString(PyExc_ValueError, "lexicon: wrong number of word lists"); return NULL; }
    for (int i = 0; i < LX_COUNT; i++) {
        a.sets[i] = PyTuple_GET_ITEM(lexicon, i);
        if (!PyAnySet_Check(a.sets[i])) { PyErr_SetString(PyExc_TypeError, "lexicon: expected sets"); return NULL; }
    }
    if (char_table(o_breaks, a.breaks) < 0 || char_table(o_closers, a.closers) < 0 || char_table(o_skip, a.capital_skip) < 0)
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(tokens);
    size_t alloc = (size_t)(n ? n : 1);
    uint64_t *hash0 = malloc(alloc * 8), *records = malloc(alloc * 8);
    uint8_t *function_word = malloc(alloc), *is_the = malloc(alloc), *punctuation = malloc(alloc);
    char *low = NULL;
    Py_ssize_t low_cap = 0;
    PyObject *result = NULL;
    if (!hash0 || !records || !function_word || !is_the || !punctuation) { PyErr_NoMemory(); goto done; }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *token = PyList_GET_ITEM(tokens, i);
        if (!PyUnicode_Check(token)) { PyErr_SetString(PyExc_TypeError, "tokens must be str"); goto done; }
        int found;
        if ((found = PySet_Contains(a.sets[LX_PUNCTUATION], token)) < 0) goto done;
        punctuation[i] = (uint8_t)found;
        if (PyUnicode_IS_ASCII(token)) {
            Py_ssize_t len = PyUnicode_GET_LENGTH(token);
            const char *tok = (const char *)PyUnicode_1BYTE_DATA(token);
            if (2 * len + 2 > low_cap) {  /* the lower-cased token, then scratch for its folded core */
                free(low);
                low_cap = 2 * len + 64;
                if (!(low = malloc((size_t)low_cap))) { PyErr_NoMemory(); goto done; }
            }
            for (Py_ssize_t k = 0; k < len; k++) low[k] = (tok[k] >= 'A' && tok[k] <= 'Z') ? tok[k] + 32 : tok[k];
            if (analyse_ascii(&a, tok, low, len, low + len + 1, &records[i]) < 0) goto done;
            hash0[i] = blake2b_64((const uint8_t *)low, (size_t)len);
            is_the[i] = len == 3 && memcmp(low, "the", 3) == 0;
            if ((found = in_set(&a, LX_FUNCTION_WORDS, low, len)) < 0) goto done;
            function_word[i] = (uint8_t)found;
        } else {
            PyObject *casefolded = analyse_slow(&a, slow, token, &records[i]);
            if (!casefolded) goto done;
            Py_ssize_t size;
            const char *utf8 = PyUnicode_AsUTF8AndSize(casefolded, &size);
            if (!utf8 || (found = PySet_Contains(a.sets[LX_FUNCTION_WORDS], casefolded)) < 0) { Py_DECREF(casefolded); goto done; }
            hash0[i] = blake2b_64((const uint8_t *)utf8, (size_t)size);
            function_word[i] = (uint8_t)found;
            is_the[i] = PyUnicode_CompareWithASCIIString(casefolded, "the") == 0;
            Py_DECREF(casefolded);
        }
    }
    result = Py_BuildValue("(y#y#y#y#y#)", (const char *)hash0, n * 8, (const char *)records, n * 8,
                           (const char *)function_word, n, (const char *)is_the, n, (const char *)punctuation, n);
done:
    free(hash0); free(records); free(function_word); free(is_the); free(punctuation); free(low);
    return result;
}

/* ---- capitalised runs ------------------------------------------------------------------
 *
 * capitalised_runs(text, start) == etl.enrich.entities._RUN_RE.findall(text, start), without the
 * regex engine's per-character cost. The pattern
 *     [A-Z]W*(?:S(?:(?:of|the|...)S){0,2}(?:(?:al|el|...)-)?[A-Z]W*)*     W = [\w'’&.-], S = [ \u00a0]
 * needs no backtracking into W (S is not in W), and after S either an upper-case letter
 * (no connector) or a lower-case connector word can follow, never both, so one forward
 * pass decides every match.
 */

static const char *const CONNECTORS[] = {"of", "the", "for", "de", "del", "da", "der", "van", "von",
                                         "bin", "al", "du", "la", "le", "and", "&", "dos", "di", "ibn", NULL};
/* Lower-case name particles joined to the next word by a hyphen: "Nouri al-Maliki". */
static const char *const PARTICLES[] = {"al", "el", "ad", "as", "ash", "an", "ar", "at", "az", "bin", "ben", "abu",
                                        "ibn", NULL};

static inline int is_sep(Py_UCS4 ch) { return ch == ' ' || ch == 0xA0; }

static inline int is_word(Py_UCS4 ch) {
    return Py_UNICODE_ISALNUM(ch) || ch == '_' || ch == '\'' || ch == 0x2019 || ch == '&' || ch == '.' ||
           ch == '-';
}

static inline int is_upper_ascii(Py_UCS4 ch) { return ch >= 'A' && ch <= 'Z'; }

/* Length of the particle at `j` including the hyphen after it, or 0. */
static Py_ssize_t particle_at(int kind, const void *data, Py_ssize_t n, Py_ssize_t j) {
    for (int c = 0; PARTICLES[c]; c++) {
        const char *w = PARTICLES[c];
        Py_ssize_t k = 0;
        while (w[k] && j + k < n && PyUnicode_READ(kind, data, j + k) == (Py_UCS4)(unsigned char)w[k]) k++;
        if (!w[k] && j + k < n && PyUnicode_READ(kind, data, j + k) == '-') return k + 1;
    }
    return 0;
}

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

/* The next run at or after `i`: 1 and [*begin, *end), or 0 when there is none. */
static int next_run(int kind, const void *data, Py_ssize_t n, Py_ssize_t i, Py_ssize_t *begin, Py_ssize_t *end) {
    while (i < n && !is_upper_ascii(PyUnicode_READ(kind, data, i))) i++;
    if (i >= n) return 0;
    *begin = i++;
    while (i < n && is_word(PyUnicode_READ(kind, data, i))) i++;
    Py_ssize_t e = i;
    for (;;) {
        Py_ssize_t j = e;
        if (j >= n || !is_sep(PyUnicode_READ(kind, data, j))) break;
        j++;
        for (int c = 0; c < 2; c++) {
            Py_ssize_t len = connector_at(kind, data, n, j);
            if (!len) break;
            j += len;
        }
        if (j < n && !is_upper_ascii(PyUnicode_READ(kind, data, j))) j += particle_at(kind, data, n, j);
        if (j >= n || !is_upper_ascii(PyUnicode_READ(kind, data, j))) break;
        j++;
        while (j < n && is_word(PyUnicode_READ(kind, data, j))) j++;
        e = j;
    }
    *end = e;
    return 1;
}

static PyObject *capitalised_runs(PyObject *self, PyObject *args) {
    PyObject *text;
    Py_ssize_t start = 0, begin, end;
    if (!PyArg_ParseTuple(args, "U|n", &text, &start)) return NULL;
    if (PyUnicode_READY(text) < 0) return NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (start < 0) start = 0;
    PyObject *runs = PyList_New(0);
    if (!runs) return NULL;
    Py_ssize_t i = start;
    while (next_run(kind, data, n, i, &begin, &end)) {
        PyObject *run = PyUnicode_Substring(text, begin, end);
        if (!run || PyList_Append(runs, run) < 0) { Py_XDECREF(run); Py_DECREF(runs); return NULL; }
        Py_DECREF(run);
        i = end;
    }
    return runs;
}


/* capitalised_runs_context(text, start, words) -> list[(run, before, after)]
 *
 * The runs of capitalised_runs() with the context the entity rules look at (etl.enrich.entities.
 * _contexts_py computes the same in Python): `before` and `after` are `words[w]` for the ASCII word
 * w next to the run (lower-cased; "*" when it is not in `words`), the punctuation mark itself when
 * one stands there and is in `words` ("*" otherwise), "^" at the start of the text or of a line,
 * "$" at the end; a comma before the run looks up "," + the word before the comma ("," when absent);
 * "~" when the run starts inside a word ("iPod": entity_runs skips those runs).
 */

static inline int ascii_alpha(Py_UCS4 ch) { return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'); }

/* words[key] for the code points [from, to) lower-cased, with an optional one-character prefix. */
static PyObject *context_lookup(PyObject *words, int kind, const void *data, Py_ssize_t from, Py_ssize_t to,
                                Py_UCS4 prefix, PyObject *fallback) {
    PyObject *key;
    if (kind == PyUnicode_1BYTE_KIND && prefix < 256) {
        /* Latin-1 text (nearly all news): the key from bytes, not widened to 4-byte code points
         * and narrowed back (same string, ~2x cheaper; twice per run on every pass). */
        Py_UCS1 buf8[32];
        const Py_UCS1 *src = (const Py_UCS1 *)data;
        Py_ssize_t len = 0;
        if (prefix) buf8[len++] = (Py_UCS1)prefix;
        for (Py_ssize_t k = from; k < to && len < 32; k++) {
            Py_UCS1 ch = src[k];
            buf8[len++] = (ch >= 'A' && ch <= 'Z') ? ch + 32 : ch;
        }
        key = PyUnicode_FromKindAndData(PyUnicode_1BYTE_KIND, buf8, len);
    } else {
        Py_UCS4 buf[32];
        Py_ssize_t len = 0;
        if (prefix) buf[len++] = prefix;
        for (Py_ssize_t k = from; k < to && len < 32; k++) {
            Py_UCS4 ch = PyUnicode_READ(kind, data, k);
            buf[len++] = (ch >= 'A' && ch <= 'Z') ? ch + 32 : ch;
        }
        key = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buf, len);
    }
    if (!key) return NULL;
    PyObject *value = PyDict_GetItemWithError(words, key);
    Py_DECREF(key);
    if (!value) {
        if (PyErr_Occurred()) return NULL;
        value = fallback;
    }
    Py_INCREF(value);
    return value;
}

typedef struct {
    PyObject *star, *caret, *dollar, *comma, *glued;
} ContextMarks;

/* The marks are made once and kept for the module's life: entity_runs is called again after every
 * run not cached yet (~35,000 calls in a cold pass of BBC 1x), and five interned strings per call
 * were a measurable share of it. */
static ContextMarks MARKS;

static int marks_init(ContextMarks *m) {
    if (!MARKS.glued) {
        MARKS.star = PyUnicode_InternFromString("*");
        MARKS.caret = PyUnicode_InternFromString("^");
        MARKS.dollar = PyUnicode_InternFromString("$");
        MARKS.comma = PyUnicode_InternFromString(",");
        if (!(MARKS.star && MARKS.caret && MARKS.dollar && MARKS.comma)) return -1;
        MARKS.glued = PyUnicode_InternFromString("~");  /* last: set means all are */
        if (!MARKS.glued) return -1;
    }
    *m = MARKS;
    return 0;
}

static void marks_free(ContextMarks *m) { (void)m; /* the marks are the module's (MARKS) */ }

/* (run, before, after) of the run [begin, end); `start` bounds the look back. New reference or NULL. */
static PyObject *run_key(PyObject *text, int kind, const void *data, Py_ssize_t n, Py_ssize_t start,
                         Py_ssize_t begin, Py_ssize_t end, PyObject *words, const ContextMarks *m, PyObject *run_str) {
    PyObject *before;
    Py_ssize_t j = begin - 1;
    while (j >= start && PyUnicode_READ(kind, data, j) == ' ') j--;
    if (j == begin - 1 && j >= start && ascii_alpha(PyUnicode_READ(kind, data, j))) {
        before = m->glued; Py_INCREF(before);  /* "iPod": the run starts inside a word */
    } else if (j < start || PyUnicode_READ(kind, data, j) == '\n') {
        before = m->caret; Py_INCREF(before);
    } else {
        Py_UCS4 ch = PyUnicode_READ(kind, data, j);
        if (ch == ',') {
            Py_ssize_t k = j;
            while (k > start && j - k < 24 && ascii_alpha(PyUnicode_READ(kind, data, k - 1))) k--;
            before = context_lookup(words, kind, data, k, j, ',', m->comma);
        } else if (ascii_alpha(ch)) {
            Py_ssize_t k = j + 1;
            while (k > start && j + 1 - k < 24 && ascii_alpha(PyUnicode_READ(kind, data, k - 1))) k--;
            before = context_lookup(words, kind, data, k, j + 1, 0, m->star);
        } else {
            before = context_lookup(words, kind, data, j, j + 1, 0, m->star);
        }
    }
    PyObject *after;
    if (end >= n || PyUnicode_READ(kind, data, end) == '\n') {
        after = m->dollar; Py_INCREF(after);
    } else {
        Py_UCS4 ch = PyUnicode_READ(kind, data, end);
        if (ch == ' ') {
            Py_ssize_t k = end + 1, q = end + 1;
            while (q < n && q - k < 24 && ascii_alpha(PyUnicode_READ(kind, data, q))) q++;
            if (q > k) after = context_lookup(words, kind, data, k, q, 0, m->star);
            else if (k < n && PyUnicode_READ(kind, data, k) >= '0' && PyUnicode_READ(kind, data, k) <= '9')
                after = context_lookup(words, kind, data, k, k + 1, 0, m->star);
            else { after = m->star; Py_INCREF(after); }
        } else {
            after = context_lookup(words, kind, data, end, end + 1, 0, m->star);
        }
    }
    /* The run's string: the caller's when it has one (entity_runs looked it up already). */
    PyObject *run = run_str ? (Py_INCREF(run_str), run_str) : PyUnicode_Substring(text, begin, end);
    PyObject *key = (run && before && after) ? PyTuple_Pack(3, run, before, after) : NULL;
    Py_XDECREF(run); Py_XDECREF(before); Py_XDECREF(after);
    return key;
}

static PyObject *capitalised_runs_context(PyObject *self, PyObject *args) {
    PyObject *text, *words;
    Py_ssize_t start = 0;
    if (!PyArg_ParseTuple(args, "UnO!", &text, &start, &PyDict_Type, &words)) return NULL;
    if (PyUnicode_READY(text) < 0) return NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), begin, end;
    if (start < 0) start = 0;
    ContextMarks m;
    PyObject *out = PyList_New(0);
    if (marks_init(&m) < 0 || !out) goto fail;
    Py_ssize_t i = start;
    while (next_run(kind, data, n, i, &begin, &end)) {
        PyObject *key = run_key(text, kind, data, n, start, begin, end, words, &m, NULL);
        if (!key || PyList_Append(out, key) < 0) { Py_XDECREF(key); goto fail; }
        Py_DECREF(key);
        i = end;
    }
    marks_free(&m);
    return out;
fail:
    marks_free(&m); Py_XDECREF(out);
    return NULL;
}

/* entity_runs(text, start, resume, words, cache, slots) -> None | (key, end)
 *
 * The hot path of etl.enrich.entities.extract_entities: for every run from `resume` on, its key
 * (run, before, after) is looked up in `cache`; a cached result, a tuple of (slot, name) pairs, goes
 * into the dicts of `slots` (dict.setdefault(name, None)). At the first key not in the cache it
 * returns (key, end of the run) so the caller can type the run and call again from `end`;
 * None when the text is done.
 */
static PyObject *entity_runs(PyObject *self, PyObject *args) {
    PyObject *text, *words, *free_cache, *cache, *slots;
    Py_ssize_t start, resume;
    if (!PyArg_ParseTuple(args, "UnnO!O!O!O!", &text, &start, &resume, &PyDict_Type, &words, &PyDict_Type,
                          &free_cache, &PyDict_Type, &cache, &PyTuple_Type, &slots))
        return NULL;
    if (PyUnicode_READY(text) < 0) return NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), begin, end, n_slots = PyTuple_GET_SIZE(slots);
    if (start < 0) start = 0;
    if (resume < start) resume = start;
    ContextMarks m;
    if (marks_init(&m) < 0) { marks_free(&m); return NULL; }
    Py_ssize_t i = resume;
    while (next_run(kind, data, n, i, &begin, &end)) {
        if (begin > start && ascii_alpha(PyUnicode_READ(kind, data, begin - 1))) { i = end; continue; }  /* "iPod" */
        /* First by the run alone (results that no context changes), then by the run in its context. */
        PyObject *run = PyUnicode_Substring(text, begin, end);
        if (!run) { marks_free(&m); return NULL; }
        PyObject *result = PyDict_GetItemWithError(free_cache, run);
        if (!result) {
            if (PyErr_Occurred()) { Py_DECREF(run); marks_free(&m); return NULL; }
            PyObject *key = run_key(text, kind, data, n, start, begin, end, words, &m, run);  /* its hash is kept */
            Py_DECREF(run);
            if (!key) { marks_free(&m); return NULL; }
            result = PyDict_GetItemWithError(cache, key);
            if (!result) {
                marks_free(&m);
                if (PyErr_Occurred()) { Py_DECREF(key); return NULL; }
                return Py_BuildValue("(Nn)", key, end);
            }
            Py_DECREF(key);
        } else {
            Py_DECREF(run);  /* a hit is owned by the dict */
        }
        if (!PyTuple_Check(result)) { marks_free(&m); PyErr_SetString(PyExc_TypeError, "cached result is not a tuple"); return NULL; }
        for (Py_ssize_t r = 0; r < PyTuple_GET_SIZE(result); r++) {
            PyObject *pair = PyTuple_GET_ITEM(result, r);
            if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2) {
                marks_free(&m); PyErr_SetString(PyExc_TypeError, "cached item is not a (slot, name) pair"); return NULL;
            }
            Py_ssize_t slot = PyLong_AsSsize_t(PyTuple_GET_ITEM(pair, 0));
            if (slot < 0 || slot >= n_slots) {
                marks_free(&m);
                if (!PyErr_Occurred()) PyErr_SetString(PyExc_IndexError, "slot outside slots");
                return NULL;
            }
            PyObject *target = PyTuple_GET_ITEM(slots, slot);
            if (!PyDict_Check(target) || !PyDict_SetDefault(target, PyTuple_GET_ITEM(pair, 1), Py_None)) {
                marks_free(&m);
                if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "slots must be dicts");
                return NULL;
            }
        }
        i = end;
    }
    marks_free(&m);
    Py_RETURN_NONE;
}


static PyMethodDef methods[] = {
    {"simhash", simhash, METH_VARARGS, "SimHash of token ids (see etl.enrich.dedup)."},
    {"count_flagged", count_flagged, METH_VARARGS, "Tokens with a non-zero flag byte (see etl.enrich.vocab.count_flagged)."},
    {"keyword_candidates", keyword_candidates, METH_VARARGS, "Keyword runs grouped by their folded words (see etl.enrich.keywords)."},
    {"capitalised_runs", capitalised_runs, METH_VARARGS, "etl.enrich.entities._RUN_RE.findall(text, start), in C."},
    {"capitalised_runs_context", capitalised_runs_context, METH_VARARGS,
     "The capitalised runs with the words around them (see etl.enrich.entities._contexts_py)."},
    {"analyse_tokens", analyse_tokens, METH_VARARGS, "The table rows of new tokens (see etl.enrich.vocab)."},
    {"entity_runs", entity_runs, METH_VARARGS, "Cached entity results of each run into their dicts (etl.enrich.entities)."},
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
