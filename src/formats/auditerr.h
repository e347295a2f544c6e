/*
 * auditerr.h - the kernel audit interface's errors as sentences.
 *
 * Owns: the one mapping of those errno values to text, for the
 * observation's, the planners' and apply's messages. Never: touches the
 * host (pure).
 */
#ifndef CISHARDEN_AUDITERR_H
#define CISHARDEN_AUDITERR_H

/* A short phrase for err: "the kernel has no audit support", ... */
const char *kaudit_strerror(int err);

#endif
