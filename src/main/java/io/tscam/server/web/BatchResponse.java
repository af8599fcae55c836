package io.tscam.server.web;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The JSON answer of POST /localize/batch.
 *
 * @param results one per image, in the order sent
 */
public record BatchResponse(
    @ArraySchema(
            arraySchema =
                @Schema(
                    requiredMode = Schema.RequiredMode.REQUIRED,
                    description = "One result per image, in the order sent"))
        List<BatchResult> results) {}
