package io.tscam.server.web;

import org.springframework.util.unit.DataSize;

/** The configured upload limit, quoted in 413 answers. */
public record UploadLimit(DataSize maxFileSize) {}
