package io.tscam.server.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * What one image of a POST /localize/batch got: the status it would have got alone and exactly one
 * of its answer or its problem. An envelope rather than the bare answer or problem, so that a
 * client, generated or written by hand, tells them apart by a field instead of by their shapes.
 *
 * @param index the image's position among the parts sent, from 0
 * @param status the HTTP status POST /localize answers this image with alone
 * @param answer the image's POST /localize answer, when it has one
 * @param problem the image's problem detail, when it failed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(
    description =
        "One image's result: 'status' 200 and its 'answer', or the problem's status and its"
            + " 'problem'; never both")
public record BatchResult(
    @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            description = "The image's position among the 'images' parts sent, from 0",
            example = "0")
        int index,
    @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            description =
                "The HTTP status POST /localize answers this image with alone: 200 with 'answer',"
                    + " otherwise the problem's status with 'problem'",
            example = "200")
        int status,
    @Schema(description = "The image's POST /localize answer; present exactly when status is 200")
        LocalizeResponse answer,
    @Schema(
            description =
                "Why the image has no answer (the problem POST /localize answers it with alone);"
                    + " present exactly when status is not 200")
        ProblemDetail problem) {

  static BatchResult answered(int index, LocalizeResponse answer) {
    return new BatchResult(index, HttpStatus.OK.value(), answer, null);
  }

  static BatchResult failed(int index, ProblemDetail problem) {
    return new BatchResult(index, problem.getStatus(), null, problem);
  }
}
