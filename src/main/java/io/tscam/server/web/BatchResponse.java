package io.tscam.server.web;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.springframework.http.ProblemDetail;

/**
 * The JSON answer of POST /localize/batch.
 *
 * @param results one per image, in the order sent: the answer POST /localize gives that image, or
 *     the problem it answers with (its own status inside)
 */
public record BatchResponse(
    @ArraySchema(
            arraySchema =
                @Schema(
                    description =
                        "One entry per image, in the order sent: the single-image answer, or that"
                            + " image's problem detail (with its own status)"),
            schema = @Schema(oneOf = {LocalizeResponse.class, ProblemDetail.class}))
        List<Object> results) {}
