/*  vc_pack - builds msgpack bodies into a reusable buffer.  */
#include "vc_body.h"
#include "vc_messages.h"

struct _vc_pack_t {
    msgpack_sbuffer buffer;
    msgpack_packer packer;
    bool failed;                //  The buffer could not grow: the body is cut
};

//  The packer's writer: a write the buffer had no memory for fails the
//  pack until it is reset, so a body cut short is never sent
static int
s_write (void *data, const char *bytes, size_t size)
{
    vc_pack_t *self = (vc_pack_t *) data;
    if (self->failed || msgpack_sbuffer_write (&self->buffer, bytes, size)) {
        self->failed = true;
        return -1;
    }
    return 0;
}

vc_pack_t *
vc_pack_new (void)
{
    vc_pack_t *self = (vc_pack_t *) calloc (1, sizeof (vc_pack_t));
    if (!self)
        return NULL;
    msgpack_sbuffer_init (&self->buffer);
    msgpack_packer_init (&self->packer, self, s_write);
    return self;
}

void
vc_pack_destroy (vc_pack_t **self_p)
{
    vc_pack_t *self = *self_p;
    if (!self)
        return;
    msgpack_sbuffer_destroy (&self->buffer);
    free (self);
    *self_p = NULL;
}

void
vc_pack_reset (vc_pack_t *self)
{
    msgpack_sbuffer_clear (&self->buffer);
    self->failed = false;
}

bool
vc_pack_failed (vc_pack_t *self)
{
    return self->failed;
}

void
vc_pack_map (vc_pack_t *self, size_t pairs)
{
    msgpack_pack_map (&self->packer, pairs);
}

void
vc_pack_array (vc_pack_t *self, size_t items)
{
    msgpack_pack_array (&self->packer, items);
}

void
vc_pack_strn (vc_pack_t *self, const char *value, size_t len)
{
    msgpack_pack_str (&self->packer, len);
    msgpack_pack_str_body (&self->packer, value, len);
}

void
vc_pack_str (vc_pack_t *self, const char *value)
{
    if (value)
        vc_pack_strn (self, value, strlen (value));
    else
        msgpack_pack_nil (&self->packer);
}

void
vc_pack_int (vc_pack_t *self, int64_t value)
{
    msgpack_pack_int64 (&self->packer, value);
}

void
vc_pack_bool (vc_pack_t *self, bool value)
{
    if (value)
        msgpack_pack_true (&self->packer);
    else
        msgpack_pack_false (&self->packer);
}

void
vc_pack_nil (vc_pack_t *self)
{
    msgpack_pack_nil (&self->packer);
}

void
vc_pack_bin (vc_pack_t *self, const void *data, size_t size)
{
    msgpack_pack_bin (&self->packer, size);
    msgpack_pack_bin_body (&self->packer, data, size);
}

void
vc_pack_key (vc_pack_t *self, const char *key)
{
    vc_pack_str (self, key);
}

void
vc_pack_kstr (vc_pack_t *self, const char *key, const char *value)
{
    vc_pack_str (self, key);
    vc_pack_str (self, value);
}

void
vc_pack_kint (vc_pack_t *self, const char *key, int64_t value)
{
    vc_pack_str (self, key);
    vc_pack_int (self, value);
}

void
vc_pack_double (vc_pack_t *self, double value)
{
    msgpack_pack_double (&self->packer, value);
}

void
vc_pack_raw (vc_pack_t *self, const char *data, size_t size)
{
    if (size)
        s_write (self, data, size);
}

void
vc_pack_kdouble (vc_pack_t *self, const char *key, double value)
{
    vc_pack_str (self, key);
    vc_pack_double (self, value);
}

void
vc_pack_kbool (vc_pack_t *self, const char *key, bool value)
{
    vc_pack_str (self, key);
    vc_pack_bool (self, value);
}

const char *
vc_pack_data (vc_pack_t *self)
{
    return self->failed ? NULL : self->buffer.data;
}

size_t
vc_pack_size (vc_pack_t *self)
{
    return self->failed ? 0 : self->buffer.size;
}

zframe_t *
vc_pack_frame (vc_pack_t *self)
{
    if (!self || self->failed)
        return NULL;
    return zframe_new (self->buffer.data, self->buffer.size);
}

zframe_t *
vc_pack_status_frame (int status, const char *message)
{
    vc_status_reply_t reply = { .status = status, .message = message };
    vc_pack_t *pack = vc_pack_new ();
    if (!pack)
        return NULL;
    vc_status_reply_pack (pack, &reply);
    zframe_t *frame = vc_pack_frame (pack);
    vc_pack_destroy (&pack);
    return frame;
}
