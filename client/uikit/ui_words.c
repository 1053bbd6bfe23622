/*  ui_words - a failed connection's reason in plain words, instead of
    the technical one the network layer gives.  */
#include "ui_words.h"
#include "vc_i18n.h"

const char *
ui_words_connect (const gtk_net_result_t *result, char *text, size_t size)
{
    const char *address = result->address;
    if (strstr (result->message, "not a valid address") || strstr (result->message, "invalid address"))
        snprintf (text, size, _("“%s” is not a server address. Type a host name or an IP "
                                "address, with :port if it is not 5555, e.g. 127.0.0.1."), address);
    else
    if (strstr (result->message, "cannot read the broker's public key")
    ||  strstr (result->message, "public key is not valid"))
        snprintf (text, size, _("The server's key file cannot be used. Ask the server's "
                                "operator for its public certificate."));
    else
    if (result->status == VC_BUSY)
        snprintf (text, size, _("The server at %s is full right now. Try again in a moment."), address);
    else
        snprintf (text, size, _("No server answers at %s. Check the address, and that the "
                                "server is running."), address);
    return text;
}
