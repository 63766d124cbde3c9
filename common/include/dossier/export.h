#pragma once
/// @file export.h
/// DOSSIER_EXPORT marks the declarations libdossier exports; the library is
/// built with hidden visibility, so everything else stays internal.

#if defined(DOSSIER_STATIC_DEFINE) || !defined(__GNUC__)
#define DOSSIER_EXPORT
#else
#define DOSSIER_EXPORT __attribute__((visibility("default")))
#endif
